// The emulator's one table of Cloudflare-style error codes: each code has its HTTP status and a
// default message. docs/emulator.md lists the same table. Thread-safety: immutable data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/emulator/api_types.h"

namespace edgecert::emulator {

enum class ErrorCode : int {
  // Request shape and transport
  kInvalidPagination = 1002,
  kInvalidRequestHeaders = 6003,   // 415: body sent without a JSON content type
  kMalformedJson = 6007,           // 400: body is not JSON or not an object
  kNoRoute = 7000,                 // 404: unknown path
  kMethodNotAllowed = 7001,        // 405: known path, other method
  kUnknownIdentifier = 7003,       // 404: unknown zone or account id
  kRateLimited = 971,              // 429: over the per-credential request budget
  kInternalError = 10002,          // 5xx: injected server error
  // Authentication and authorization
  kMissingCredentials = 9106,      // 401
  kUnknownApiKey = 9103,           // 401
  kInvalidToken = 9109,            // 401
  kForbidden = 10000,              // 403: credential lacks scope or permission
  // Certificate packs, verification, universal SSL, automatic mode
  kPackHostsInvalid = 1401,
  kPackTooManyHosts = 1402,
  kPackApexMissing = 1403,
  kPackHostOutsideZone = 1404,
  kPackValidityInvalid = 1405,
  kPackValidationMethodInvalid = 1406,
  kPackCertificateAuthorityInvalid = 1407,
  kPackTypeInvalid = 1408,
  kPackQuotaExceeded = 1409,
  kPackNotFound = 1410,
  kPackRestartNotAllowed = 1411,
  kPackFieldInvalid = 1412,
  kVerificationNotAllowed = 1413,
  kUniversalSettingInvalid = 1420,
  kAutomaticModeInvalid = 1421,
  // mTLS certificates and hostname associations
  kMtlsCertificateInvalid = 1431,
  kMtlsNotCa = 1432,
  kMtlsSignatureAlgorithm = 1433,
  kMtlsCaLimit = 1434,
  kMtlsKeyMismatch = 1435,
  kMtlsExpired = 1436,
  kMtlsNotFound = 1437,
  kMtlsHasAssociations = 1438,
  kAssociationInvalid = 1439,
  // Client certificates
  kClientCsrInvalid = 1451,
  kClientValidityInvalid = 1452,
  kClientCertificateNotFound = 1453,
  kClientStatusTransition = 1454,
  // Custom CSRs
  kCsrFieldMissing = 1461,
  kCsrKeyTypeInvalid = 1462,
  kCsrCommonNameTooLong = 1463,
  kCsrSansInvalid = 1464,
  kCsrNotFound = 1465,
  kCsrInUse = 1466,
  // Custom hostnames
  kHostnameInvalid = 1471,
  kHostnameDuplicate = 1472,
  kHostnameSslInvalid = 1473,
  kHostnameCertificateInvalid = 1474,
  kHostnameKeyMismatch = 1475,
  kHostnameCsrNotFound = 1476,
  kHostnameNotFound = 1477,
  // Custom certificates and analyze
  kCustomCertificateInvalid = 1481,
  kCustomCertificateSelfSigned = 1482,
  kCustomCertificateKeyMismatch = 1483,
  kCustomCertificateFieldInvalid = 1484,
  kCustomCertificateNotFound = 1485,
  // DNS records (the API's own codes)
  kDnsRecordInvalid = 1004,          // 400: "DNS Validation Error" with the cause
  kDnsRecordNotFound = 81044,        // 404
  kDnsRecordCnameConflict = 81053,   // 400: a CNAME beside another record at one name
  kDnsRecordIdentical = 81058,       // 400: same type, name and content
};

struct ErrorCodeInfo {
  ErrorCode code;
  int http_status;
  std::string_view message;
};

// Every code with its status and default message, in table order (used by docs and tests).
const std::vector<ErrorCodeInfo>& ErrorCodeTable();
const ErrorCodeInfo& LookupErrorCode(ErrorCode code);

// A failure envelope: {"success":false,"errors":[{code,message}],"messages":[],"result":null}.
// `detail`, when given, replaces the default message; it must never contain a secret.
ApiResponse ErrorResponse(ErrorCode code, std::string_view detail = {});

}  // namespace edgecert::emulator
