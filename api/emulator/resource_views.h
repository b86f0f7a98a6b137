// How each stored object reads back through the API, shared by the handlers, the state dump and the
// history. Thread-safety: pure functions over state the caller has locked.
#pragma once

#include <cpprest/json.h>

#include "api/emulator/handler_context.h"

namespace edgecert::emulator {

web::json::value MtlsCertificateJson(const MtlsCertificate& cert);
web::json::value ClientCertificateJson(const ClientCertificate& cert, const HandlerContext& ctx);
web::json::value CustomCsrJson(const CustomCsr& csr);
web::json::value CustomHostnameJson(const CustomHostname& hostname, const HandlerContext& ctx);
web::json::value CustomCertificateJson(const CustomCertificate& cert, const HandlerContext& ctx);
web::json::value DnsRecordJson(const DnsRecord& record, const std::string& zone_name);

}  // namespace edgecert::emulator
