// The typed desired objects, one struct per manifest kind. Field values are already validated; enum-like
// strings hold the API's wire values (e.g. "lets_encrypt"), so reconcilers send them as they are.
// Plain values; safe to copy between threads.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/x509.h"
#include "manifests/diagnostic.h"
#include "manifests/kind.h"

namespace edgecert::manifests {

inline constexpr std::string_view kApiVersion = "edgecert.dev/v1";

// Kind, KindName, KindFromName and the per-kind facts: manifests/kind.h.

// What happens to the remote object when its manifest goes away: Delete it, or leave it (Orphan).
enum class DeletionPolicy { kDelete, kOrphan };

// What may happen to an unowned remote object with this object's identity (a pack with the same hosts,
// say) that differs from the manifest: kIfEqual adopts it only when it equals the manifest (otherwise it
// is a conflict, left alone); kUpdate also adopts one that can be changed in place and changes it;
// kReplace also adopts one that must be replaced, and replaces it (the old object is then deleted).
enum class AdoptionPolicy { kIfEqual, kUpdate, kReplace };
std::string_view AdoptionPolicyName(AdoptionPolicy policy);  // "IfEqual", "Update", "Replace"

// Where a field was written within its object's document; the file is the document's (ObjectMeta::location),
// kept once per object rather than once per field.
struct FieldPosition {
  int line = 0;
  int column = 0;
};

// Where each field of an object was written ("spec.hosts", "spec.hosts[2]", "metadata.name").
using FieldLocations = std::map<std::string, FieldPosition, std::less<>>;

struct ObjectMeta {
  std::string name;
  std::map<std::string, std::string> labels;
  SourceLocation location;  // the document
  FieldLocations fields;
  std::string manifest_file = {};  // the file it came from, relative to the manifests directory

  // The location of `field`, or of the document when the field was not written.
  SourceLocation At(std::string_view field) const;
};

// A PEM text given inline or by a file path (relative paths are relative to the manifest's directory).
struct PemSource {
  std::string file;           // as written; empty when inline
  std::string resolved_file;  // the path the file was read from; empty when inline
  std::string pem;            // the content
};

// Where a secret comes from; the secret itself is never part of the desired state.
struct SecretReference {
  enum class Source { kFile, kEnvironment };
  Source source = Source::kFile;
  std::string value;          // the path as written, or the environment variable name
  std::string resolved_file;  // for kFile: the path to read
};

// spec.validationRecords of a CertificatePack or CustomHostname: whether edgecert itself publishes the
// DCV TXT records the object waits for, through the DNS records API of a Cloudflare zone.
struct ValidationRecordsPublishing {
  enum class Publish { kNone, kCloudflareDns };
  Publish publish = Publish::kNone;
  std::string dns_zone;  // Zone name whose DNS holds the records; empty: the object's own zone (packs)
  bool enabled() const { return publish == Publish::kCloudflareDns; }
};

struct Account {
  ObjectMeta meta;
  std::string id;            // 32 hex; empty: looked up by account_name
  std::string account_name;  // spec.name
};

struct Zone {
  ObjectMeta meta;
  std::string apex;     // spec.name, lowercase
  std::string account;  // Account name
  std::string id;       // optional; looked up by apex when empty
};

struct CertificatePack {
  ObjectMeta meta;
  std::string zone;
  std::vector<std::string> hosts;  // lowercase, as written (order kept; compare as sets)
  std::string type = "advanced";
  std::string certificate_authority;  // google | lets_encrypt | ssl_com
  int validity_days = 0;              // 14 | 30 | 90 | 365
  std::string validation_method;      // txt | http | email
  bool cloudflare_branding = false;
  ValidationRecordsPublishing validation_records;
  DeletionPolicy deletion_policy = DeletionPolicy::kDelete;
  AdoptionPolicy adoption_policy = AdoptionPolicy::kIfEqual;
};

struct MtlsCertificate {
  ObjectMeta meta;
  std::string account;
  bool ca = false;
  PemSource certificate;
  std::optional<SecretReference> private_key;  // required for a leaf (ca: false)
  DeletionPolicy deletion_policy = DeletionPolicy::kDelete;
};

struct HostnameAssociation {
  ObjectMeta meta;
  std::string zone;
  std::string mtls_certificate;  // MTLSCertificate name
  std::vector<std::string> hostnames;
  DeletionPolicy deletion_policy = DeletionPolicy::kDelete;
};

enum class ClientCertificateState { kActive, kRevoked };

struct ClientCertificate {
  ObjectMeta meta;
  std::string zone;
  PemSource csr;  // from spec.csrFile
  int validity_days = 3650;
  ClientCertificateState state = ClientCertificateState::kActive;
  std::string certificate_output_file;           // as written; empty: not written
  std::string resolved_certificate_output_file;  // relative to the manifest's directory
  std::chrono::seconds renew_before = std::chrono::hours(24 * 30);
  DeletionPolicy deletion_policy = DeletionPolicy::kDelete;
};

struct CustomCsr {
  ObjectMeta meta;
  std::string zone;
  crypto::DistinguishedName subject;
  std::vector<std::string> sans;
  crypto::KeyType key_type = crypto::KeyType::kRsa2048;
  std::string csr_output_file;
  std::string resolved_csr_output_file;
  DeletionPolicy deletion_policy = DeletionPolicy::kDelete;
};

struct CustomHostnameSslSettings {
  std::string min_tls_version;  // "" (API default) | 1.0 | 1.1 | 1.2 | 1.3
  std::string tls_1_3;          // "" | on | off
  std::string http2;            // "" | on | off
  std::string early_hints;      // "" | on | off
  std::vector<std::string> ciphers;
};

struct CustomHostnameSsl {
  std::string method;  // "" | http | txt | email
  std::string type = "dv";
  std::string certificate_authority;  // "" | digicert | google | lets_encrypt | ssl_com
  std::string bundle_method = "ubiquitous";
  bool wildcard = false;
  std::string custom_csr;  // CustomCSR name; empty when none
  std::optional<PemSource> custom_certificate;
  std::optional<SecretReference> custom_key;
  CustomHostnameSslSettings settings;
};

struct CustomHostname {
  ObjectMeta meta;
  std::string zone;
  std::string hostname;
  CustomHostnameSsl ssl;
  std::string custom_origin_server;
  std::string custom_origin_sni;
  std::map<std::string, std::string> custom_metadata;
  ValidationRecordsPublishing validation_records;  // dns_zone is required to publish
  DeletionPolicy deletion_policy = DeletionPolicy::kDelete;
  AdoptionPolicy adoption_policy = AdoptionPolicy::kIfEqual;  // Update and Replace both allow in-place changes
};

struct UniversalSsl {
  ObjectMeta meta;
  std::string zone;
  bool enabled = true;
  std::string automatic_mode;  // "" (left alone) | auto | custom
  bool force = false;
};

// Every object of one load, before it is frozen into a DesiredState.
struct DesiredObjects {
  std::vector<Account> accounts;
  std::vector<Zone> zones;
  std::vector<CertificatePack> certificate_packs;
  std::vector<MtlsCertificate> mtls_certificates;
  std::vector<HostnameAssociation> hostname_associations;
  std::vector<ClientCertificate> client_certificates;
  std::vector<CustomCsr> custom_csrs;
  std::vector<CustomHostname> custom_hostnames;
  std::vector<UniversalSsl> universal_ssls;
};

// Calls fn(kind, meta) for every object of `objects` (a DesiredObjects, const or not), kind by kind.
template <typename Objects, typename Fn>
void ForEachObjectMeta(Objects& objects, Fn&& fn) {
  auto each = [&fn](Kind kind, auto& list) {
    for (auto& object : list) fn(kind, object.meta);
  };
  each(Kind::kAccount, objects.accounts);
  each(Kind::kZone, objects.zones);
  each(Kind::kCertificatePack, objects.certificate_packs);
  each(Kind::kMtlsCertificate, objects.mtls_certificates);
  each(Kind::kHostnameAssociation, objects.hostname_associations);
  each(Kind::kClientCertificate, objects.client_certificates);
  each(Kind::kCustomCsr, objects.custom_csrs);
  each(Kind::kCustomHostname, objects.custom_hostnames);
  each(Kind::kUniversalSsl, objects.universal_ssls);
}

}  // namespace edgecert::manifests
