// The resource handlers, one file per resource (certificate_packs.cc, mtls_certificates.cc, ...).
// Each takes the HandlerContext of one request and returns the response; none touches a socket.
// Thread-safety: called with the Emulator's state mutex held.
#pragma once

#include "api/emulator/handler_context.h"

namespace edgecert::emulator {

// accounts_zones.cc
ApiResponse ListAccounts(HandlerContext& ctx);
ApiResponse ListZones(HandlerContext& ctx);
ApiResponse VerifyToken(HandlerContext& ctx);
// certificate_packs.cc
ApiResponse ListCertificatePacks(HandlerContext& ctx);
ApiResponse GetCertificatePack(HandlerContext& ctx);
ApiResponse OrderCertificatePack(HandlerContext& ctx);
ApiResponse PatchCertificatePack(HandlerContext& ctx);
ApiResponse DeleteCertificatePack(HandlerContext& ctx);
ApiResponse GetCertificatePackQuota(HandlerContext& ctx);
// verification.cc
ApiResponse ListVerification(HandlerContext& ctx);
ApiResponse PatchVerification(HandlerContext& ctx);
// universal_ssl.cc
ApiResponse GetUniversalSslSettings(HandlerContext& ctx);
ApiResponse PatchUniversalSslSettings(HandlerContext& ctx);
ApiResponse GetSslAutomaticMode(HandlerContext& ctx);
ApiResponse PatchSslAutomaticMode(HandlerContext& ctx);
// mtls_certificates.cc
ApiResponse ListMtlsCertificates(HandlerContext& ctx);
ApiResponse UploadMtlsCertificate(HandlerContext& ctx);
ApiResponse GetMtlsCertificate(HandlerContext& ctx);
ApiResponse DeleteMtlsCertificate(HandlerContext& ctx);
ApiResponse ListMtlsCertificateAssociations(HandlerContext& ctx);
// hostname_associations.cc
ApiResponse GetHostnameAssociations(HandlerContext& ctx);
ApiResponse PutHostnameAssociations(HandlerContext& ctx);
// client_certificates.cc
ApiResponse ListClientCertificates(HandlerContext& ctx);
ApiResponse CreateClientCertificate(HandlerContext& ctx);
ApiResponse GetClientCertificate(HandlerContext& ctx);
ApiResponse PatchClientCertificate(HandlerContext& ctx);
ApiResponse DeleteClientCertificate(HandlerContext& ctx);
// custom_csrs.cc
ApiResponse ListCustomCsrs(HandlerContext& ctx);
ApiResponse CreateCustomCsr(HandlerContext& ctx);
ApiResponse GetCustomCsr(HandlerContext& ctx);
ApiResponse DeleteCustomCsr(HandlerContext& ctx);
// custom_hostnames.cc
ApiResponse ListCustomHostnames(HandlerContext& ctx);
ApiResponse CreateCustomHostname(HandlerContext& ctx);
ApiResponse GetCustomHostname(HandlerContext& ctx);
ApiResponse PatchCustomHostname(HandlerContext& ctx);
ApiResponse DeleteCustomHostname(HandlerContext& ctx);
// custom_certificates.cc
ApiResponse ListCustomCertificates(HandlerContext& ctx);
ApiResponse CreateCustomCertificate(HandlerContext& ctx);
ApiResponse GetCustomCertificate(HandlerContext& ctx);
ApiResponse PatchCustomCertificate(HandlerContext& ctx);
ApiResponse DeleteCustomCertificate(HandlerContext& ctx);
// dns_records.cc
ApiResponse ListDnsRecords(HandlerContext& ctx);
ApiResponse CreateDnsRecord(HandlerContext& ctx);
ApiResponse DeleteDnsRecord(HandlerContext& ctx);
// analyze.cc
ApiResponse AnalyzeCertificate(HandlerContext& ctx);

}  // namespace edgecert::emulator
