// Certificate signing requests: creating one from a key, and reading one back.
#include "crypto/asn1_convert.h"
#include "crypto/keys.h"
#include "crypto/openssl_error.h"
#include "crypto/pem_io.h"
#include "crypto/x509.h"

namespace edgecert::crypto {

Result<CsrInfo> ParseCsr(std::string_view pem) {
  auto req = LoadCsr(pem);
  if (!req.ok()) return req.status();
  CsrInfo info;
  info.subject = ToDistinguishedName(X509_REQ_get_subject_name(req->get()));

  ExtensionStackPtr extensions(X509_REQ_get_extensions(req->get()));
  if (extensions) {
    GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(
        X509V3_get_d2i(extensions.get(), NID_subject_alt_name, nullptr, nullptr)));
    if (names) info.dns_names = DnsNames(names.get());
  }

  EVP_PKEY* key = X509_REQ_get0_pubkey(req->get());
  if (key == nullptr) return OpenSslError(StatusCode::kInvalidArgument, "unreadable CSR public key");
  auto type = KeyTypeOf(key);
  if (!type.ok()) return type.status().WithContext("CSR");
  info.key_type = *type;
  info.signature_valid = X509_REQ_verify(req->get(), key) == 1;
  auto key_hash = PublicKeySha256(key);
  if (!key_hash.ok()) return key_hash.status();
  info.public_key_sha256 = std::move(key_hash).value();
  ClearOpenSslErrors();  // an absent extension or a failed verification leaves entries behind
  return info;
}

Result<std::string> CreateCsr(const Secret& private_key_pem, const DistinguishedName& subject,
                              const std::vector<std::string>& dns_names) {
  auto key = LoadPrivateKey(private_key_pem);
  if (!key.ok()) return key.status();
  auto name = BuildName(subject);
  if (!name.ok()) return name.status();

  X509ReqPtr req(X509_REQ_new());
  if (!req) return OpenSslError(StatusCode::kInternal, "cannot allocate a CSR");
  if (X509_REQ_set_version(req.get(), 0) != 1 || X509_REQ_set_subject_name(req.get(), name->get()) != 1 ||
      X509_REQ_set_pubkey(req.get(), key->get()) != 1) {
    return OpenSslError(StatusCode::kInternal, "cannot fill the CSR");
  }
  if (!dns_names.empty()) {
    auto names = BuildDnsNames(dns_names);
    if (!names.ok()) return names.status();
    ExtensionStackPtr extensions(sk_X509_EXTENSION_new_null());
    STACK_OF(X509_EXTENSION)* raw = extensions.get();
    if (!extensions || X509V3_add1_i2d(&raw, NID_subject_alt_name, names->get(), 0, X509V3_ADD_DEFAULT) != 1 ||
        X509_REQ_add_extensions(req.get(), extensions.get()) != 1) {
      return OpenSslError(StatusCode::kInternal, "cannot add subjectAltName to the CSR");
    }
  }
  if (X509_REQ_sign(req.get(), key->get(), SigningDigestFor(key->get())) <= 0) {
    return OpenSslError(StatusCode::kInvalidArgument, "cannot sign the CSR with this key");
  }
  return CsrToPem(req.get());
}

}  // namespace edgecert::crypto
