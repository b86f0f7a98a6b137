// JSON <-> typed structs for every API type. Parse* read the API's JSON: unknown fields are ignored,
// null optional fields read as absent, a missing required field or a wrong type is a kInternal Status
// naming the object and field. ToJson builds request bodies exactly as the wire contract names them.
// Thread-safety: pure functions.
#pragma once

#include <cpprest/json.h>

#include "api/client/types.h"
#include "common/status.h"

namespace edgecert::api {

Result<Account> ParseAccount(const web::json::value& v);
Result<Zone> ParseZone(const web::json::value& v);
Result<TokenVerification> ParseTokenVerification(const web::json::value& v);
Result<UniversalSslSettings> ParseUniversalSslSettings(const web::json::value& v);
Result<AutomaticSslMode> ParseAutomaticSslMode(const web::json::value& v);
Result<CertificateAnalysis> ParseCertificateAnalysis(const web::json::value& v);
web::json::value ToJson(const AnalyzeCertificateRequest& r);

Result<ValidationRecord> ParseValidationRecord(const web::json::value& v);
Result<CertificatePack> ParseCertificatePack(const web::json::value& v);
Result<CertificatePackQuota> ParseCertificatePackQuota(const web::json::value& v);
Result<Verification> ParseVerification(const web::json::value& v);
Result<ValidationMethodChange> ParseValidationMethodChange(const web::json::value& v);
web::json::value ToJson(const OrderCertificatePackRequest& r);
web::json::value ToJson(const PatchCertificatePackRequest& r);

Result<MtlsCertificate> ParseMtlsCertificate(const web::json::value& v);
Result<MtlsAssociation> ParseMtlsAssociation(const web::json::value& v);
Result<HostnameAssociations> ParseHostnameAssociations(const web::json::value& v);
Result<ClientCertificate> ParseClientCertificate(const web::json::value& v);
web::json::value ToJson(const UploadMtlsCertificateRequest& r);
web::json::value ToJson(const PutHostnameAssociationsRequest& r);
web::json::value ToJson(const CreateClientCertificateRequest& r);

Result<CustomCsr> ParseCustomCsr(const web::json::value& v);
Result<CustomHostname> ParseCustomHostname(const web::json::value& v);
Result<CustomCertificate> ParseCustomCertificate(const web::json::value& v);
web::json::value ToJson(const CreateCustomCsrRequest& r);
web::json::value ToJson(const CustomHostnameSslRequest& r);
web::json::value ToJson(const CreateCustomHostnameRequest& r);
web::json::value ToJson(const PatchCustomHostnameRequest& r);
web::json::value ToJson(const CreateCustomCertificateRequest& r);

Result<DnsRecord> ParseDnsRecord(const web::json::value& v);
web::json::value ToJson(const CreateDnsRecordRequest& r);

// Shared by the mapping files.
web::json::value StringArray(const std::vector<std::string>& items);

}  // namespace edgecert::api
