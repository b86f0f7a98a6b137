// CloudflareClient: typed calls for every Cloudflare endpoint edgecert reconciles. Lists return every
// page. Failures come back as Status values whose codes follow the outcome classes documented in
// api_caller.h; in short: kAmbiguous after a create (POST) means "list and adopt before creating
// again"; kUnavailable/kResourceExhausted mean the retries ran out; everything else is definite.
// Deletes count a 404 (already gone) as success. Zone and account ids looked up by name are cached
// for the life of the client.
// Thread-safety: every method may be called concurrently.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/client/api_caller.h"
#include "api/client/types.h"
#include "common/status.h"

namespace edgecert::api {

class CloudflareClient {
 public:
  explicit CloudflareClient(ApiCaller& caller) : caller_(caller) {}

  CloudflareClient(const CloudflareClient&) = delete;
  CloudflareClient& operator=(const CloudflareClient&) = delete;

  // Accounts and zones: GET /accounts, GET /zones?name=.
  Result<std::vector<Account>> ListAccounts();
  Result<std::string> AccountIdByName(const std::string& name);
  Result<Zone> ZoneByName(const std::string& name);
  Result<std::string> ZoneIdByName(const std::string& name);
  // Every zone of one account: GET /zones?account.id=, every page.
  Result<std::vector<Zone>> ListZones(const std::string& account_id);
  // GET /user/tokens/verify: whether the API token in use is valid (API tokens only).
  Result<TokenVerification> VerifyToken();

  // Certificate packs (advanced certificate manager) and their validation.
  Result<std::vector<CertificatePack>> ListCertificatePacks(const std::string& zone_id);  // status=all
  Result<CertificatePack> GetCertificatePack(const std::string& zone_id, const std::string& pack_id);
  Result<CertificatePack> OrderCertificatePack(const std::string& zone_id,
                                               const OrderCertificatePackRequest& request);
  // An empty request restarts validation.
  Result<CertificatePack> PatchCertificatePack(const std::string& zone_id, const std::string& pack_id,
                                               const PatchCertificatePackRequest& request);
  Status DeleteCertificatePack(const std::string& zone_id, const std::string& pack_id);
  Result<CertificatePackQuota> GetCertificatePackQuota(const std::string& zone_id);
  Result<std::vector<Verification>> ListVerifications(const std::string& zone_id);
  Result<ValidationMethodChange> PatchVerificationMethod(const std::string& zone_id,
                                                         const std::string& pack_id,
                                                         const std::string& validation_method);

  // Account mTLS certificates (BYO CA) and their service associations.
  Result<std::vector<MtlsCertificate>> ListMtlsCertificates(const std::string& account_id);
  Result<MtlsCertificate> GetMtlsCertificate(const std::string& account_id, const std::string& id);
  Result<MtlsCertificate> UploadMtlsCertificate(const std::string& account_id,
                                                const UploadMtlsCertificateRequest& request);
  Status DeleteMtlsCertificate(const std::string& account_id, const std::string& id);
  Result<std::vector<MtlsAssociation>> ListMtlsAssociations(const std::string& account_id,
                                                            const std::string& id);

  // Zone hostname associations, per mTLS certificate (none: the Cloudflare-managed CA).
  Result<HostnameAssociations> GetHostnameAssociations(
      const std::string& zone_id, const std::optional<std::string>& mtls_certificate_id);
  Result<HostnameAssociations> PutHostnameAssociations(const std::string& zone_id,
                                                       const PutHostnameAssociationsRequest& request);

  // API Shield client certificates. Revoke is the API's DELETE; reactivate is its PATCH.
  Result<std::vector<ClientCertificate>> ListClientCertificates(const std::string& zone_id);  // status=all
  Result<ClientCertificate> GetClientCertificate(const std::string& zone_id, const std::string& id);
  Result<ClientCertificate> CreateClientCertificate(const std::string& zone_id,
                                                    const CreateClientCertificateRequest& request);
  Result<ClientCertificate> ReactivateClientCertificate(const std::string& zone_id, const std::string& id);
  Status RevokeClientCertificate(const std::string& zone_id, const std::string& id);

  // Custom CSRs (SSL for SaaS, seed 000).
  Result<std::vector<CustomCsr>> ListCustomCsrs(const std::string& zone_id);
  Result<CustomCsr> GetCustomCsr(const std::string& zone_id, const std::string& id);
  Result<CustomCsr> CreateCustomCsr(const std::string& zone_id, const CreateCustomCsrRequest& request);
  Status DeleteCustomCsr(const std::string& zone_id, const std::string& id);

  // Custom hostnames.
  Result<std::vector<CustomHostname>> ListCustomHostnames(const std::string& zone_id);
  Result<CustomHostname> GetCustomHostname(const std::string& zone_id, const std::string& id);
  Result<CustomHostname> CreateCustomHostname(const std::string& zone_id,
                                              const CreateCustomHostnameRequest& request);
  Result<CustomHostname> PatchCustomHostname(const std::string& zone_id, const std::string& id,
                                             const PatchCustomHostnameRequest& request);
  Status DeleteCustomHostname(const std::string& zone_id, const std::string& id);

  // Zone custom certificates (what a custom hostname's certificate may need alongside).
  Result<std::vector<CustomCertificate>> ListCustomCertificates(const std::string& zone_id);
  Result<CustomCertificate> GetCustomCertificate(const std::string& zone_id, const std::string& id);
  Result<CustomCertificate> CreateCustomCertificate(const std::string& zone_id,
                                                    const CreateCustomCertificateRequest& request);
  Status DeleteCustomCertificate(const std::string& zone_id, const std::string& id);

  // Universal SSL and Automatic SSL/TLS mode.
  Result<UniversalSslSettings> GetUniversalSslSettings(const std::string& zone_id);
  Result<UniversalSslSettings> PatchUniversalSslSettings(const std::string& zone_id, bool enabled);
  Result<AutomaticSslMode> GetAutomaticSslMode(const std::string& zone_id);
  Result<AutomaticSslMode> PatchAutomaticSslMode(const std::string& zone_id, const std::string& value);

  // A zone's DNS records (beyond the SSL subset; edgecert publishes DCV TXT records with them). The list
  // holds the records of one type at one exact name (or all of the type), every page.
  Result<std::vector<DnsRecord>> ListDnsRecords(const std::string& zone_id, const DnsRecordQuery& query);
  Result<DnsRecord> CreateDnsRecord(const std::string& zone_id, const CreateDnsRecordRequest& request);
  Status DeleteDnsRecord(const std::string& zone_id, const std::string& id);

  // How the API would bundle a certificate (a read: safe to retry although it is a POST).
  Result<CertificateAnalysis> AnalyzeCertificate(const std::string& zone_id,
                                                 const AnalyzeCertificateRequest& request);

 private:
  ApiCaller& caller_;
  std::mutex cache_mu_;
  std::map<std::string, std::string> zone_ids_;     // guarded by cache_mu_
  std::map<std::string, std::string> account_ids_;  // guarded by cache_mu_
};

}  // namespace edgecert::api
