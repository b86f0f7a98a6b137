#include "api/emulator/custom_certificate_check.h"

namespace edgecert::emulator {

std::variant<crypto::CertificateInfo, ApiResponse> CheckCustomCertificate(const std::string& pem,
                                                                          const CertificateCheckCodes& codes) {
  auto chain = crypto::ParseCertificateChain(pem);
  if (!chain.ok()) return ErrorResponse(codes.invalid, "certificate: " + chain.status().message());
  const crypto::CertificateInfo& leaf = chain->front();
  if (leaf.self_signed) return ErrorResponse(codes.self_signed);
  return leaf;
}

std::optional<ApiResponse> CheckKey(const std::string& certificate_pem, const crypto::CertificateInfo& info,
                                    const std::string* private_key, const std::string* csr_public_key_sha256,
                                    ErrorCode mismatch) {
  if (csr_public_key_sha256 != nullptr) {
    if (info.public_key_sha256 != *csr_public_key_sha256) {
      return ErrorResponse(mismatch, "The certificate does not match the key of the referenced CSR");
    }
    return std::nullopt;
  }
  if (private_key == nullptr || private_key->empty()) return ErrorResponse(mismatch, "A private key is required");
  auto matches = crypto::PrivateKeyMatchesCertificate(Secret(*private_key), certificate_pem);
  if (!matches.ok() || !*matches) return ErrorResponse(mismatch);
  return std::nullopt;
}

}  // namespace edgecert::emulator
