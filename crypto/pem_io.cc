#include "crypto/pem_io.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include "crypto/openssl_error.h"

namespace edgecert::crypto {
namespace {

// A password callback that refuses: without it OpenSSL would prompt on the controlling terminal.
int RefusePassword(char*, int, int, void*) { return -1; }

Result<BioPtr> ReadBio(std::string_view text, std::string_view what) {
  if (text.size() > kMaxPemBytes) {
    return InvalidArgument(std::string(what) + " is larger than " + std::to_string(kMaxPemBytes) + " bytes");
  }
  ClearOpenSslErrors();
  BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  if (!bio) return OpenSslError(StatusCode::kInternal, "cannot allocate a memory BIO");
  return bio;
}

// True when the last error says "no more PEM blocks of that kind", the normal end of a bundle.
bool AtEndOfPem() {
  unsigned long err = ERR_peek_last_error();
  return ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
}

Result<std::string> DrainBio(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  if (len < 0 || (len > 0 && data == nullptr)) return Internal("cannot read a memory BIO");
  return std::string(data, static_cast<std::size_t>(len));
}

Result<BioPtr> WriteBio(const BIO_METHOD* method = BIO_s_mem()) {
  ClearOpenSslErrors();
  BioPtr bio(BIO_new(method));
  if (!bio) return OpenSslError(StatusCode::kInternal, "cannot allocate a memory BIO");
  return bio;
}

}  // namespace

Result<X509Ptr> LoadCertificate(std::string_view pem) {
  auto bio = ReadBio(pem, "certificate");
  if (!bio.ok()) return bio.status();
  X509Ptr cert(PEM_read_bio_X509(bio->get(), nullptr, RefusePassword, nullptr));
  if (!cert) {
    if (AtEndOfPem()) {
      ClearOpenSslErrors();
      return InvalidArgument("no PEM certificate block found");
    }
    return OpenSslError(StatusCode::kInvalidArgument, "invalid certificate PEM");
  }
  return cert;
}

Result<std::vector<X509Ptr>> LoadCertificateChain(std::string_view pem) {
  auto bio = ReadBio(pem, "certificate bundle");
  if (!bio.ok()) return bio.status();
  std::vector<X509Ptr> chain;
  while (true) {
    X509Ptr cert(PEM_read_bio_X509(bio->get(), nullptr, RefusePassword, nullptr));
    if (!cert) {
      if (AtEndOfPem()) break;
      return OpenSslError(StatusCode::kInvalidArgument,
                          "invalid certificate PEM at position " + std::to_string(chain.size() + 1));
    }
    chain.push_back(std::move(cert));
  }
  ClearOpenSslErrors();
  if (chain.empty()) return InvalidArgument("no PEM certificate block found");
  return chain;
}

Result<X509ReqPtr> LoadCsr(std::string_view pem) {
  auto bio = ReadBio(pem, "CSR");
  if (!bio.ok()) return bio.status();
  X509ReqPtr req(PEM_read_bio_X509_REQ(bio->get(), nullptr, RefusePassword, nullptr));
  if (!req) {
    if (AtEndOfPem()) {
      ClearOpenSslErrors();
      return InvalidArgument("no PEM certificate request block found");
    }
    return OpenSslError(StatusCode::kInvalidArgument, "invalid certificate request PEM");
  }
  return req;
}

Result<EvpPkeyPtr> LoadPrivateKey(const Secret& pem) {
  auto bio = ReadBio(pem.Reveal(), "private key");
  if (!bio.ok()) return bio.status();
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio->get(), nullptr, RefusePassword, nullptr));
  if (!key) {
    if (AtEndOfPem()) {
      ClearOpenSslErrors();
      return InvalidArgument("no PEM private key block found");
    }
    return OpenSslError(StatusCode::kInvalidArgument, "invalid or encrypted private key PEM");
  }
  return key;
}

Result<std::string> CertificateToPem(X509* cert) {
  auto bio = WriteBio();
  if (!bio.ok()) return bio.status();
  if (PEM_write_bio_X509(bio->get(), cert) != 1) {
    return OpenSslError(StatusCode::kInternal, "cannot encode the certificate");
  }
  return DrainBio(bio->get());
}

Result<std::string> CsrToPem(X509_REQ* req) {
  auto bio = WriteBio();
  if (!bio.ok()) return bio.status();
  if (PEM_write_bio_X509_REQ(bio->get(), req) != 1) {
    return OpenSslError(StatusCode::kInternal, "cannot encode the certificate request");
  }
  return DrainBio(bio->get());
}

Result<Secret> PrivateKeyToPem(EVP_PKEY* key) {
  // The secure-memory BIO wipes its buffer when freed, so no key copy is left behind in the heap.
  auto bio = WriteBio(BIO_s_secmem());
  if (!bio.ok()) return bio.status();
  if (PEM_write_bio_PrivateKey(bio->get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return OpenSslError(StatusCode::kInternal, "cannot encode the private key");
  }
  auto text = DrainBio(bio->get());
  if (!text.ok()) return text.status();
  return Secret(std::move(text).value());
}

}  // namespace edgecert::crypto
