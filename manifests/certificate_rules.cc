#include <ctime>
#include <filesystem>
#include <map>

#include "crypto/x509.h"
#include "manifests/field_reader.h"
#include "manifests/rules.h"

namespace edgecert::manifests {
namespace {

constexpr int kMaxCasPerAccount = 5;
constexpr std::size_t kMaxKeyBytes = 1 << 20;

std::string FormatTime(crypto::TimePoint t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Validity period against the injected clock.
void CheckPeriod(Kind kind, const ObjectMeta& meta, const std::string& field, const crypto::CertificateInfo& info,
                 crypto::TimePoint now, std::vector<Diagnostic>& errors) {
  if (info.not_after < now) {
    Report(errors, kind, meta, field, field + ": certificate expired on " + FormatTime(info.not_after));
  } else if (info.not_before > now) {
    Report(errors, kind, meta, field, field + ": certificate is not valid before " + FormatTime(info.not_before));
  }
}

// The key's text when it can be read here; secrets missing offline (CI has none) are not an error.
std::optional<Secret> ReadSecret(const SecretReference& ref, const EnvironmentLookup& env) {
  if (ref.source == SecretReference::Source::kEnvironment) {
    auto value = env ? env(ref.value) : std::nullopt;
    if (!value) return std::nullopt;
    return Secret(std::move(*value));
  }
  std::error_code ec;
  if (!std::filesystem::exists(ref.resolved_file, ec)) return std::nullopt;
  auto content = ReadReferencedFile(ref.resolved_file, ref.value, kMaxKeyBytes);
  if (!content.ok()) return std::nullopt;
  return Secret(std::move(content).value());
}

void CheckKeyMatch(Kind kind, const ObjectMeta& meta, const std::string& field, const SecretReference& ref,
                   const std::string& certificate_pem, const EnvironmentLookup& env, std::vector<Diagnostic>& errors) {
  std::optional<Secret> key = ReadSecret(ref, env);
  if (!key) return;
  auto matches = crypto::PrivateKeyMatchesCertificate(*key, certificate_pem);
  if (!matches.ok()) {
    Report(errors, kind, meta, field, field + ": cannot read the private key: " + matches.status().message());
  } else if (!*matches) {
    Report(errors, kind, meta, field, field + ": the private key does not match the certificate");
  }
}

void CheckMtlsCertificates(const DecodedObjects& d, crypto::TimePoint now, const EnvironmentLookup& env,
                           std::vector<Diagnostic>& errors) {
  const Kind k = Kind::kMtlsCertificate;
  std::map<std::string, int> cas_per_account;
  for (std::size_t i = 0; i < d.objects.mtls_certificates.size(); ++i) {
    const MtlsCertificate& m = d.objects.mtls_certificates[i];
    if (!d.Complete(k, i)) continue;
    if (m.ca && ++cas_per_account[m.account] > kMaxCasPerAccount) {
      Report(errors, k, m.meta, "spec.ca",
             "spec.ca: Account \"" + m.account + "\" would have " + std::to_string(cas_per_account[m.account]) +
                 " CA certificates; at most 5 are allowed");
    }
    if (!m.ca && !m.private_key) {
      Report(errors, k, m.meta, "spec.ca",
             "spec.privateKey: required for a leaf certificate (ca: false), as {file: PATH} or {env: VARIABLE}");
    }
    auto chain = crypto::ParseCertificateChain(m.certificate.pem);
    if (!chain.ok()) {
      Report(errors, k, m.meta, "spec.certificate",
             "spec.certificate: not a valid PEM certificate: " + chain.status().message());
      continue;
    }
    const crypto::CertificateInfo& leaf = chain->front();
    if (m.ca && !leaf.is_ca) {
      Report(errors, k, m.meta, "spec.certificate",
             "spec.certificate: ca is true but the certificate's Basic Constraints do not say CA:TRUE");
    }
    if (!leaf.signature_algorithm_allowed) {
      Report(errors, k, m.meta, "spec.certificate",
             "spec.certificate: signature algorithm " + leaf.signature_algorithm +
                 " is not allowed; allowed: RSA or ECDSA with SHA1, SHA256, SHA384 or SHA512");
    }
    CheckPeriod(k, m.meta, "spec.certificate", leaf, now, errors);
    if (m.private_key) CheckKeyMatch(k, m.meta, "spec.privateKey", *m.private_key, m.certificate.pem, env, errors);
  }
}

void CheckClientCertificateCsrs(const DecodedObjects& d, std::vector<Diagnostic>& errors) {
  const Kind k = Kind::kClientCertificate;
  for (std::size_t i = 0; i < d.objects.client_certificates.size(); ++i) {
    const ClientCertificate& c = d.objects.client_certificates[i];
    if (!d.Complete(k, i)) continue;
    auto csr = crypto::ParseCsr(c.csr.pem);
    if (!csr.ok()) {
      Report(errors, k, c.meta, "spec.csrFile", "spec.csrFile: not a valid PEM CSR: " + csr.status().message());
    } else if (!csr->signature_valid) {
      Report(errors, k, c.meta, "spec.csrFile", "spec.csrFile: the CSR's signature does not verify");
    }
  }
}

void CheckCustomCertificates(const DecodedObjects& d, crypto::TimePoint now, const EnvironmentLookup& env,
                             std::vector<Diagnostic>& errors) {
  const Kind k = Kind::kCustomHostname;
  const std::string field = "spec.ssl.customCertificate";
  for (std::size_t i = 0; i < d.objects.custom_hostnames.size(); ++i) {
    const CustomHostname& h = d.objects.custom_hostnames[i];
    if (!d.Complete(k, i) || !h.ssl.custom_certificate) continue;
    auto cert = crypto::ParseCertificate(h.ssl.custom_certificate->pem);
    if (!cert.ok()) {
      Report(errors, k, h.meta, field, field + ": not a valid PEM certificate: " + cert.status().message());
      continue;
    }
    if (cert->self_signed) {
      Report(errors, k, h.meta, field,
             field + ": self-signed certificates are refused; Cloudflare accepts only publicly trusted ones");
    }
    CheckPeriod(k, h.meta, field, *cert, now, errors);
    if (h.ssl.custom_key) {
      CheckKeyMatch(k, h.meta, "spec.ssl.customKey", *h.ssl.custom_key, h.ssl.custom_certificate->pem, env, errors);
    }
  }
}

}  // namespace

void CheckCertificateRules(const DecodedObjects& decoded, const Clock& clock, const EnvironmentLookup& env,
                           std::vector<Diagnostic>& errors) {
  auto now = std::chrono::time_point_cast<crypto::TimePoint::duration>(clock.Now());
  CheckMtlsCertificates(decoded, now, env, errors);
  CheckClientCertificateCsrs(decoded, errors);
  CheckCustomCertificates(decoded, now, env, errors);
}

}  // namespace edgecert::manifests
