#include "api/emulator/error_codes.h"

#include "api/emulator/envelope.h"

namespace edgecert::emulator {

const std::vector<ErrorCodeInfo>& ErrorCodeTable() {
  static const std::vector<ErrorCodeInfo> table = {
      {ErrorCode::kInvalidPagination, 400, "Invalid pagination parameters"},
      {ErrorCode::kInvalidRequestHeaders, 415, "Invalid request headers: Content-Type must be application/json"},
      {ErrorCode::kMalformedJson, 400, "Malformed JSON in request body"},
      {ErrorCode::kNoRoute, 404, "No route for that URI"},
      {ErrorCode::kMethodNotAllowed, 405, "Method not allowed for this route"},
      {ErrorCode::kUnknownIdentifier, 404, "Could not route to the object, perhaps your object identifier is invalid?"},
      {ErrorCode::kRateLimited, 429, "Please wait and consider throttling your request speed"},
      {ErrorCode::kInternalError, 503, "Internal server error"},
      {ErrorCode::kMissingCredentials, 401, "Missing X-Auth-Key, X-Auth-Email or Authorization headers"},
      {ErrorCode::kUnknownApiKey, 401, "Unknown X-Auth-Key or X-Auth-Email"},
      {ErrorCode::kInvalidToken, 401, "Invalid access token"},
      {ErrorCode::kForbidden, 403, "Authentication error"},
      {ErrorCode::kPackHostsInvalid, 400, "hosts must be a non-empty list of host names"},
      {ErrorCode::kPackTooManyHosts, 400, "A certificate pack may not contain more than 50 hosts"},
      {ErrorCode::kPackApexMissing, 400, "hosts must contain the zone apex"},
      {ErrorCode::kPackHostOutsideZone, 400, "Every host must belong to the zone"},
      {ErrorCode::kPackValidityInvalid, 400, "validity_days must be one of 14, 30, 90, 365"},
      {ErrorCode::kPackValidationMethodInvalid, 400, "validation_method must be one of txt, http, email"},
      {ErrorCode::kPackCertificateAuthorityInvalid, 400,
       "certificate_authority must be one of google, lets_encrypt, ssl_com"},
      {ErrorCode::kPackTypeInvalid, 400, "type must be advanced"},
      {ErrorCode::kPackQuotaExceeded, 400, "The zone has no advanced certificate pack quota left"},
      {ErrorCode::kPackNotFound, 404, "Certificate pack not found"},
      {ErrorCode::kPackRestartNotAllowed, 400, "Validation can only be restarted for a pack in validation_timed_out"},
      {ErrorCode::kPackFieldInvalid, 400, "Invalid certificate pack field"},
      {ErrorCode::kVerificationNotAllowed, 400, "The validation method of this certificate pack cannot be changed"},
      {ErrorCode::kUniversalSettingInvalid, 400, "enabled must be a boolean"},
      {ErrorCode::kAutomaticModeInvalid, 400, "value must be one of auto, custom"},
      {ErrorCode::kMtlsCertificateInvalid, 400, "certificates must hold a PEM certificate"},
      {ErrorCode::kMtlsNotCa, 400, "A CA certificate must have Basic Constraints CA:TRUE"},
      {ErrorCode::kMtlsSignatureAlgorithm, 400, "The certificate uses a signature algorithm that is not allowed"},
      {ErrorCode::kMtlsCaLimit, 400, "An account may upload at most five CA certificates"},
      {ErrorCode::kMtlsKeyMismatch, 400, "The private key does not match the certificate"},
      {ErrorCode::kMtlsExpired, 400, "The certificate has expired"},
      {ErrorCode::kMtlsNotFound, 404, "mTLS certificate not found"},
      {ErrorCode::kMtlsHasAssociations, 400, "The CA certificate still has hostname associations"},
      {ErrorCode::kAssociationInvalid, 400, "Invalid hostname association"},
      {ErrorCode::kClientCsrInvalid, 400, "csr must hold a valid PEM certificate signing request"},
      {ErrorCode::kClientValidityInvalid, 400, "validity_days must be an integer between 1 and 3650"},
      {ErrorCode::kClientCertificateNotFound, 404, "Client certificate not found"},
      {ErrorCode::kClientStatusTransition, 400, "Only a revoked or revoking client certificate can be reactivated"},
      {ErrorCode::kCsrFieldMissing, 400, "A required CSR field is missing"},
      {ErrorCode::kCsrKeyTypeInvalid, 400, "key_type must be one of rsa2048, p256v1"},
      {ErrorCode::kCsrCommonNameTooLong, 400, "common_name may not be longer than 64 characters"},
      {ErrorCode::kCsrSansInvalid, 400,
       "sans must be non-empty, include the common name, and hold names of at most 255 characters"},
      {ErrorCode::kCsrNotFound, 404, "Custom CSR not found"},
      {ErrorCode::kCsrInUse, 400, "The CSR's private key is in use by a custom certificate"},
      {ErrorCode::kHostnameInvalid, 400, "hostname must be a valid host name of at most 255 characters"},
      {ErrorCode::kHostnameDuplicate, 409, "Duplicate custom hostname found"},
      {ErrorCode::kHostnameSslInvalid, 400, "Invalid ssl settings"},
      {ErrorCode::kHostnameCertificateInvalid, 400, "The custom certificate is invalid or not publicly trusted"},
      {ErrorCode::kHostnameKeyMismatch, 400, "The custom certificate does not match the CSR's or the given key"},
      {ErrorCode::kHostnameCsrNotFound, 400, "custom_csr_id does not name a CSR of this zone"},
      {ErrorCode::kHostnameNotFound, 404, "Custom hostname not found"},
      {ErrorCode::kCustomCertificateInvalid, 400, "certificate and private_key must hold PEM data"},
      {ErrorCode::kCustomCertificateSelfSigned, 400, "Only publicly trusted certificates are accepted; self-signed is refused"},
      {ErrorCode::kCustomCertificateKeyMismatch, 400, "The private key does not match the certificate"},
      {ErrorCode::kCustomCertificateFieldInvalid, 400, "Invalid custom certificate field"},
      {ErrorCode::kCustomCertificateNotFound, 404, "Custom certificate not found"},
      {ErrorCode::kDnsRecordInvalid, 400, "DNS Validation Error"},
      {ErrorCode::kDnsRecordNotFound, 404, "Record does not exist."},
      {ErrorCode::kDnsRecordCnameConflict, 400, "An A, AAAA, or CNAME record with that host already exists."},
      {ErrorCode::kDnsRecordIdentical, 400, "An identical record already exists."},
  };
  return table;
}

const ErrorCodeInfo& LookupErrorCode(ErrorCode code) {
  for (const auto& info : ErrorCodeTable()) {
    if (info.code == code) return info;
  }
  // Every enumerator is in the table (a test checks it); fall back to the generic internal error.
  return ErrorCodeTable()[7];
}

ApiResponse ErrorResponse(ErrorCode code, std::string_view detail) {
  const ErrorCodeInfo& info = LookupErrorCode(code);
  return FailureEnvelope(info.http_status, static_cast<int>(info.code),
                         detail.empty() ? std::string(info.message) : std::string(detail));
}

}  // namespace edgecert::emulator
