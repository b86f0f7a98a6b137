#include "crypto/asn1_convert.h"

#include <openssl/asn1.h>

#include <array>
#include <ctime>
#include <utility>

#include "crypto/openssl_error.h"

namespace edgecert::crypto {

std::string HexLower(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0x0f];
  }
  return out;
}

Result<std::string> PublicKeySha256(EVP_PKEY* key) {
  int len = i2d_PUBKEY(key, nullptr);
  if (len <= 0) return OpenSslError(StatusCode::kInvalidArgument, "cannot encode the public key");
  std::vector<unsigned char> der(static_cast<std::size_t>(len));
  unsigned char* cursor = der.data();
  if (i2d_PUBKEY(key, &cursor) != len) {
    return OpenSslError(StatusCode::kInternal, "cannot encode the public key");
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_len = 0;
  if (EVP_Digest(der.data(), der.size(), digest.data(), &digest_len, EVP_sha256(), nullptr) != 1) {
    return OpenSslError(StatusCode::kInternal, "cannot hash the public key");
  }
  return HexLower(digest.data(), digest_len);
}

Result<TimePoint> ToTimePoint(const ASN1_TIME* time) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) {
    return OpenSslError(StatusCode::kInvalidArgument, "invalid ASN.1 time");
  }
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

Status SetTime(ASN1_TIME* target, TimePoint value) {
  // ASN1_TIME_set picks UTCTime before 2050 and GeneralizedTime after, as RFC 5280 requires.
  if (ASN1_TIME_set(target, std::chrono::system_clock::to_time_t(value)) == nullptr) {
    return OpenSslError(StatusCode::kInvalidArgument, "time out of range for a certificate");
  }
  return Status::Ok();
}

std::string NameToString(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) return {};
  // RFC 2253 escapes non-ASCII bytes as \XX by default; keep UTF-8 readable instead.
  if (X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) {
    ClearOpenSslErrors();
    return {};
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

std::string NameEntry(const X509_NAME* name, int nid) {
  int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return {};
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  int len = ASN1_STRING_to_UTF8(&utf8, data);
  if (len < 0) {
    ClearOpenSslErrors();
    return {};
  }
  OpenSslBytesPtr owned(utf8);
  return std::string(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(len));
}

DistinguishedName ToDistinguishedName(const X509_NAME* name) {
  DistinguishedName dn;
  dn.country = NameEntry(name, NID_countryName);
  dn.state = NameEntry(name, NID_stateOrProvinceName);
  dn.locality = NameEntry(name, NID_localityName);
  dn.organization = NameEntry(name, NID_organizationName);
  dn.organizational_unit = NameEntry(name, NID_organizationalUnitName);
  dn.common_name = NameEntry(name, NID_commonName);
  return dn;
}

Result<X509NamePtr> BuildName(const DistinguishedName& subject) {
  const std::array<std::pair<int, const std::string*>, 6> fields = {{
      {NID_countryName, &subject.country},
      {NID_stateOrProvinceName, &subject.state},
      {NID_localityName, &subject.locality},
      {NID_organizationName, &subject.organization},
      {NID_organizationalUnitName, &subject.organizational_unit},
      {NID_commonName, &subject.common_name},
  }};
  X509NamePtr name(X509_NAME_new());
  if (!name) return OpenSslError(StatusCode::kInternal, "cannot allocate a name");
  bool any = false;
  for (const auto& [nid, value] : fields) {
    if (value->empty()) continue;
    any = true;
    if (X509_NAME_add_entry_by_NID(name.get(), nid, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value->data()),
                                   static_cast<int>(value->size()), -1, 0) != 1) {
      return OpenSslError(StatusCode::kInvalidArgument,
                          std::string("invalid subject field ") + OBJ_nid2sn(nid));
    }
  }
  if (!any) return InvalidArgument("the subject has no field set");
  return name;
}

std::vector<std::string> DnsNames(const GENERAL_NAMES* names) {
  std::vector<std::string> out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type != GEN_DNS) continue;
    const ASN1_IA5STRING* dns = name->d.dNSName;
    out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                     static_cast<std::size_t>(ASN1_STRING_length(dns)));
  }
  return out;
}

Result<GeneralNamesPtr> BuildDnsNames(const std::vector<std::string>& dns_names) {
  GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
  if (!names) return OpenSslError(StatusCode::kInternal, "cannot allocate names");
  for (const std::string& dns : dns_names) {
    if (dns.empty() || dns.size() > 253) return InvalidArgument("a DNS name is empty or longer than 253");
    for (unsigned char c : dns) {
      if (c <= 0x20 || c >= 0x7f) return InvalidArgument("DNS name '" + dns + "' is not printable ASCII");
    }
    std::unique_ptr<GENERAL_NAME, OpenSslDeleter<GENERAL_NAME_free>> entry(GENERAL_NAME_new());
    std::unique_ptr<ASN1_IA5STRING, OpenSslDeleter<ASN1_IA5STRING_free>> value(ASN1_IA5STRING_new());
    if (!entry || !value || ASN1_STRING_set(value.get(), dns.data(), static_cast<int>(dns.size())) != 1) {
      return OpenSslError(StatusCode::kInternal, "cannot allocate a DNS name");
    }
    GENERAL_NAME_set0_value(entry.get(), GEN_DNS, value.release());
    if (sk_GENERAL_NAME_push(names.get(), entry.get()) <= 0) {
      return OpenSslError(StatusCode::kInternal, "cannot allocate a DNS name");
    }
    entry.release();  // now owned by the stack
  }
  return names;
}

const EVP_MD* SigningDigestFor(EVP_PKEY* key) {
  int id = EVP_PKEY_get_base_id(key);
  if (id == EVP_PKEY_ED25519 || id == EVP_PKEY_ED448) return nullptr;
  return EVP_sha256();
}

}  // namespace edgecert::crypto
