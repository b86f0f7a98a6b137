// Issuing certificates: a self-signed CA, and leaf or intermediate certificates from CSRs.
#include <openssl/rand.h>

#include "crypto/asn1_convert.h"
#include "crypto/keys.h"
#include "crypto/openssl_error.h"
#include "crypto/pem_io.h"
#include "crypto/x509.h"

namespace edgecert::crypto {
namespace {

constexpr int kX509Version3 = 2;  // the version field is zero-based

Status AddExtension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
  X509ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, ctx, nid, value));
  if (!extension || X509_add_ext(cert, extension.get(), -1) != 1) {
    return OpenSslError(StatusCode::kInternal, std::string("cannot add extension ") + OBJ_nid2sn(nid));
  }
  return Status::Ok();
}

Status SetValidity(X509* cert, TimePoint not_before, std::chrono::hours validity) {
  if (validity.count() <= 0) return InvalidArgument("validity must be positive");
  Status status = SetTime(X509_getm_notBefore(cert), not_before);
  if (!status.ok()) return status;
  return SetTime(X509_getm_notAfter(cert), not_before + validity);
}

// Random positive 63-bit serial: unique enough for a private CA and always a positive INTEGER.
Status SetRandomSerial(X509* cert) {
  std::uint64_t serial = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof(serial)) != 1) {
    return OpenSslError(StatusCode::kInternal, "no randomness for a serial number");
  }
  serial = (serial >> 1) | 1;
  if (ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert), serial) != 1) {
    return OpenSslError(StatusCode::kInternal, "cannot set the serial number");
  }
  return Status::Ok();
}

Status Sign(X509* cert, EVP_PKEY* key) {
  if (X509_sign(cert, key, SigningDigestFor(key)) <= 0) {
    return OpenSslError(StatusCode::kInvalidArgument, "cannot sign the certificate with this key");
  }
  return Status::Ok();
}

// Copies the CSR's subjectAltName, if any, into the certificate.
Status CopySubjectAltName(X509_REQ* req, X509* cert) {
  ExtensionStackPtr extensions(X509_REQ_get_extensions(req));
  if (!extensions) {
    ClearOpenSslErrors();
    return Status::Ok();
  }
  GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509V3_get_d2i(extensions.get(), NID_subject_alt_name, nullptr, nullptr)));
  ClearOpenSslErrors();
  if (!names) return Status::Ok();
  if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1) {
    return OpenSslError(StatusCode::kInternal, "cannot copy subjectAltName");
  }
  return Status::Ok();
}

}  // namespace

Result<CertificateAuthority> CreateSelfSignedCa(const DistinguishedName& subject, KeyType type,
                                                TimePoint not_before, std::chrono::hours validity) {
  auto name = BuildName(subject);
  if (!name.ok()) return name.status();
  auto key = GenerateKey(type);
  if (!key.ok()) return key.status();

  X509Ptr cert(X509_new());
  if (!cert) return OpenSslError(StatusCode::kInternal, "cannot allocate a certificate");
  if (X509_set_version(cert.get(), kX509Version3) != 1 || X509_set_subject_name(cert.get(), name->get()) != 1 ||
      X509_set_issuer_name(cert.get(), name->get()) != 1 || X509_set_pubkey(cert.get(), key->get()) != 1) {
    return OpenSslError(StatusCode::kInternal, "cannot fill the CA certificate");
  }
  for (Status status : {SetRandomSerial(cert.get()), SetValidity(cert.get(), not_before, validity)}) {
    if (!status.ok()) return status;
  }

  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  // The subject key identifier must exist before the authority key identifier can refer to it.
  for (auto [nid, value] : {std::pair{NID_basic_constraints, "critical,CA:TRUE"},
                            std::pair{NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature"},
                            std::pair{NID_subject_key_identifier, "hash"},
                            std::pair{NID_authority_key_identifier, "keyid:always"}}) {
    Status status = AddExtension(cert.get(), &ctx, nid, value);
    if (!status.ok()) return status;
  }
  Status signed_status = Sign(cert.get(), key->get());
  if (!signed_status.ok()) return signed_status;

  auto cert_pem = CertificateToPem(cert.get());
  if (!cert_pem.ok()) return cert_pem.status();
  auto key_pem = PrivateKeyToPem(key->get());
  if (!key_pem.ok()) return key_pem.status();
  return CertificateAuthority{std::move(cert_pem).value(), std::move(key_pem).value()};
}

Result<std::string> SignCsr(const CertificateAuthority& ca, std::string_view csr_pem, std::uint64_t serial,
                            TimePoint not_before, std::chrono::hours validity, bool is_ca) {
  if (serial == 0) return InvalidArgument("serial must be positive");
  auto ca_cert = LoadCertificate(ca.certificate_pem);
  if (!ca_cert.ok()) return ca_cert.status().WithContext("CA certificate");
  auto ca_key = LoadPrivateKey(ca.private_key_pem);
  if (!ca_key.ok()) return ca_key.status().WithContext("CA private key");
  EVP_PKEY* ca_public_key = X509_get0_pubkey(ca_cert->get());
  if (ca_public_key == nullptr || EVP_PKEY_eq(ca_public_key, ca_key->get()) != 1) {
    ClearOpenSslErrors();
    return InvalidArgument("the CA private key does not belong to the CA certificate");
  }
  auto req = LoadCsr(csr_pem);
  if (!req.ok()) return req.status();
  EVP_PKEY* subject_key = X509_REQ_get0_pubkey(req->get());
  if (subject_key == nullptr || X509_REQ_verify(req->get(), subject_key) != 1) {
    ClearOpenSslErrors();
    return InvalidArgument("the CSR signature does not verify");
  }

  X509Ptr cert(X509_new());
  if (!cert) return OpenSslError(StatusCode::kInternal, "cannot allocate a certificate");
  if (X509_set_version(cert.get(), kX509Version3) != 1 ||
      ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), serial) != 1 ||
      X509_set_issuer_name(cert.get(), X509_get_subject_name(ca_cert->get())) != 1 ||
      X509_set_subject_name(cert.get(), X509_REQ_get_subject_name(req->get())) != 1 ||
      X509_set_pubkey(cert.get(), subject_key) != 1) {
    return OpenSslError(StatusCode::kInternal, "cannot fill the certificate");
  }
  Status validity_status = SetValidity(cert.get(), not_before, validity);
  if (!validity_status.ok()) return validity_status;

  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, ca_cert->get(), cert.get(), nullptr, nullptr, 0);
  std::vector<std::pair<int, const char*>> extensions;
  if (is_ca) {
    extensions = {{NID_basic_constraints, "critical,CA:TRUE"},
                  {NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature"}};
  } else {
    extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                  {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
                  {NID_ext_key_usage, "serverAuth,clientAuth"}};
  }
  extensions.emplace_back(NID_subject_key_identifier, "hash");
  // Falls back to issuer name and serial when an imported CA carries no subject key identifier.
  extensions.emplace_back(NID_authority_key_identifier, "keyid,issuer");
  for (auto [nid, value] : extensions) {
    Status status = AddExtension(cert.get(), &ctx, nid, value);
    if (!status.ok()) return status;
  }
  Status san_status = CopySubjectAltName(req->get(), cert.get());
  if (!san_status.ok()) return san_status;
  Status signed_status = Sign(cert.get(), ca_key->get());
  if (!signed_status.ok()) return signed_status;
  return CertificateToPem(cert.get());
}

}  // namespace edgecert::crypto
