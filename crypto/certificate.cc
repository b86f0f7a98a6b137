// ParseCertificate and ParseCertificateChain: what edgecert needs to know about a certificate.
#include <openssl/objects.h>

#include <array>

#include "crypto/asn1_convert.h"
#include "crypto/openssl_error.h"
#include "crypto/pem_io.h"
#include "crypto/x509.h"

namespace edgecert::crypto {
namespace {

std::string SerialDecimal(const ASN1_INTEGER* serial) {
  BignumPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!bn) return {};
  OpenSslStringPtr text(BN_bn2dec(bn.get()));
  return text ? std::string(text.get()) : std::string();
}

// Cloudflare accepts CA certificates signed with RSA or ECDSA over SHA-1/256/384/512 only.
bool SignatureAlgorithmAllowed(int signature_nid) {
  int digest_nid = NID_undef;
  int key_nid = NID_undef;
  if (OBJ_find_sigid_algs(signature_nid, &digest_nid, &key_nid) != 1) return false;
  bool key_ok = key_nid == NID_rsaEncryption || key_nid == NID_X9_62_id_ecPublicKey;
  bool digest_ok = digest_nid == NID_sha1 || digest_nid == NID_sha256 || digest_nid == NID_sha384 ||
                   digest_nid == NID_sha512;
  return key_ok && digest_ok;
}

bool IsCa(X509* cert) {
  int critical = 0;
  BasicConstraintsPtr constraints(
      static_cast<BASIC_CONSTRAINTS*>(X509_get_ext_d2i(cert, NID_basic_constraints, &critical, nullptr)));
  return constraints && constraints->ca != 0;
}

bool IsSelfSigned(X509* cert) {
  if (X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)) != 0) return false;
  EVP_PKEY* key = X509_get0_pubkey(cert);
  bool verified = key != nullptr && X509_verify(cert, key) == 1;
  ClearOpenSslErrors();  // a failed verification is an answer here, not an error
  return verified;
}

Result<CertificateInfo> Describe(X509* cert) {
  CertificateInfo info;
  info.subject = NameToString(X509_get_subject_name(cert));
  info.issuer = NameToString(X509_get_issuer_name(cert));
  info.common_name = NameEntry(X509_get_subject_name(cert), NID_commonName);
  info.serial_number = SerialDecimal(X509_get0_serialNumber(cert));

  int signature_nid = X509_get_signature_nid(cert);
  const char* long_name = OBJ_nid2ln(signature_nid);
  info.signature_algorithm = long_name != nullptr ? long_name : "unknown";
  info.signature_algorithm_allowed = SignatureAlgorithmAllowed(signature_nid);
  info.is_ca = IsCa(cert);
  info.self_signed = IsSelfSigned(cert);

  auto not_before = ToTimePoint(X509_get0_notBefore(cert));
  if (!not_before.ok()) return not_before.status().WithContext("notBefore");
  auto not_after = ToTimePoint(X509_get0_notAfter(cert));
  if (!not_after.ok()) return not_after.status().WithContext("notAfter");
  info.not_before = *not_before;
  info.not_after = *not_after;

  GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (names) info.dns_names = DnsNames(names.get());

  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_len = 0;
  if (X509_digest(cert, EVP_sha256(), digest.data(), &digest_len) != 1) {
    return OpenSslError(StatusCode::kInvalidArgument, "cannot hash the certificate");
  }
  info.fingerprint_sha256 = HexLower(digest.data(), digest_len);

  EVP_PKEY* key = X509_get0_pubkey(cert);
  if (key == nullptr) return OpenSslError(StatusCode::kInvalidArgument, "unreadable certificate public key");
  auto key_hash = PublicKeySha256(key);
  if (!key_hash.ok()) return key_hash.status();
  info.public_key_sha256 = std::move(key_hash).value();
  ClearOpenSslErrors();  // X509_get_ext_d2i leaves entries when an extension is absent
  return info;
}

}  // namespace

Result<CertificateInfo> ParseCertificate(std::string_view pem) {
  auto cert = LoadCertificate(pem);
  if (!cert.ok()) return cert.status();
  return Describe(cert->get());
}

Result<std::vector<CertificateInfo>> ParseCertificateChain(std::string_view pem) {
  auto chain = LoadCertificateChain(pem);
  if (!chain.ok()) return chain.status();
  std::vector<CertificateInfo> infos;
  infos.reserve(chain->size());
  for (std::size_t i = 0; i < chain->size(); ++i) {
    auto info = Describe((*chain)[i].get());
    if (!info.ok()) return info.status().WithContext("certificate " + std::to_string(i + 1));
    infos.push_back(std::move(info).value());
  }
  return infos;
}

}  // namespace edgecert::crypto
