// The spec fields of each kind (docs/manifests.md describes the same, with the API's names). Defaults
// here are what the decoder leaves in the object when a field is absent (objects.h).
#include "manifests/field_table.h"

namespace edgecert::manifests {
namespace {

constexpr Presence kRequired = Presence::kRequired;
const std::vector<std::string> kOnOff = {"on", "off"};
constexpr const char* kHexId = "^[0-9a-f]{32}$";

FieldSpec Reference(std::string name, std::string kind, std::string description) {
  return {.name = std::move(name),
          .type = FieldType::kString,
          .presence = kRequired,
          .description = std::move(description),
          .references = std::move(kind)};
}

FieldSpec ZoneReference() { return Reference("zone", "Zone", "The metadata.name of the Zone this object lives in."); }

FieldSpec DeletionPolicyField() {
  return {.name = "deletionPolicy",
          .type = FieldType::kEnum,
          .description =
              "When the manifest goes away: Delete removes the remote object edgecert created; "
              "Orphan leaves it.",
          .allowed = {"Delete", "Orphan"},
          .default_value = "Delete"};
}

FieldSpec ValidationRecordsField(std::string dns_zone_description) {
  return {.name = "validationRecords",
          .type = FieldType::kMap,
          .description = "Whether edgecert itself publishes the TXT records domain control validation waits for, "
                         "in a zone whose DNS is on Cloudflare (DNS records API; the token needs DNS edit there). "
                         "Each record carries the comment \"managed by edgecert: KIND/NAME\"; edgecert creates "
                         "the missing ones while the object is pending and deletes exactly those once it is active "
                         "or deleted, never a record it did not create.",
          .fields = {
              {.name = "publish",
               .type = FieldType::kEnum,
               .description = "CloudflareDNS: create and remove the TXT records; None: leave them to you "
                              "(apply --wait and /status show them, --dns-records-out writes them).",
               .allowed = {"None", "CloudflareDNS"},
               .default_value = "None"},
              {.name = "dnsZone",
               .description = std::move(dns_zone_description),
               .references = "Zone"},
          }};
}

FieldSpec AdoptionPolicyField() {
  return {.name = "adoptionPolicy",
          .type = FieldType::kEnum,
          .description =
              "An unowned remote object with this identity: IfEqual adopts it only when it equals the manifest "
              "(otherwise a conflict, left alone); Update adopts and changes it in place; Replace adopts it, "
              "creates the new object and deletes the adopted one once the new one is ready.",
          .allowed = {"IfEqual", "Update", "Replace"},
          .default_value = "IfEqual"};
}

KindSpec AccountFields() {
  return {Kind::kAccount,
          "A Cloudflare account that zones and mTLS certificates belong to; it is only declared, never created.",
          {
              {.name = "id",
               .description = "The account id (32 lowercase hex); looked up by name when absent.",
               .pattern = kHexId},
              {.name = "name", .description = "The account name, looked up with GET /accounts when there is no id."},
          },
          {"id", "name"}};
}

KindSpec ZoneFields() {
  return {Kind::kZone,
          "A zone (domain) of an account; declared, never created.",
          {
              {.name = "name",
               .presence = kRequired,
               .description = "The zone apex, a DNS name with at least two labels; unique across Zones."},
              Reference("account", "Account", "The metadata.name of the Account the zone belongs to."),
              {.name = "id",
               .description = "The zone id (32 lowercase hex); looked up by name when absent.",
               .pattern = kHexId},
          }};
}

KindSpec CertificatePackFields() {
  return {Kind::kCertificatePack,
          "An advanced certificate pack: a certificate for up to 50 hosts of a zone, issued and renewed by "
          "Cloudflare.",
          {
              ZoneReference(),
              {.name = "hosts",
               .type = FieldType::kStringList,
               .presence = kRequired,
               .description = "The hostnames covered (*. wildcards allowed): the zone apex must be one, each at or "
                              "below the apex, each listed once; order does not matter.",
               .min_items = 1,
               .max_items = kMaxPackHosts},
              {.name = "type",
               .type = FieldType::kEnum,
               .description = "The pack type.",
               .allowed = {"advanced"},
               .default_value = "advanced"},
              {.name = "certificateAuthority",
               .type = FieldType::kEnum,
               .presence = kRequired,
               .description = "The issuing certificate authority.",
               .allowed = {"google", "lets_encrypt", "ssl_com"}},
              {.name = "validityDays",
               .type = FieldType::kIntEnum,
               .presence = kRequired,
               .description = "The certificate's validity in days.",
               .allowed = {"14", "30", "90", "365"}},
              {.name = "validationMethod",
               .type = FieldType::kEnum,
               .presence = kRequired,
               .description = "How domain control is validated.",
               .allowed = {"txt", "http", "email"}},
              {.name = "cloudflareBranding",
               .type = FieldType::kBool,
               .description = "Add a Cloudflare-branded SAN to the certificate.",
               .default_value = "false"},
              ValidationRecordsField("The metadata.name of the Zone whose Cloudflare DNS holds the records; the "
                                     "pack's own zone when absent. Every record name must lie inside it."),
              DeletionPolicyField(),
              AdoptionPolicyField(),
          }};
}

KindSpec MtlsCertificateFields() {
  return {Kind::kMtlsCertificate,
          "An account-scoped mTLS certificate, e.g. a BYO CA for API Shield mTLS; the API's name is metadata.name.",
          {
              Reference("account", "Account", "The metadata.name of the Account that holds the certificate."),
              {.name = "ca",
               .type = FieldType::kBool,
               .presence = kRequired,
               .description = "Whether the certificate is a CA (its Basic Constraints must say CA:TRUE); at most "
                              "five per account."},
              {.name = "certificate",
               .type = FieldType::kPem,
               .presence = kRequired,
               .description = "The certificate (a chain may follow), inline or from a file."},
              {.name = "privateKey",
               .type = FieldType::kSecret,
               .description = "The private key, from a file or an environment variable; needed when ca is false."},
              DeletionPolicyField(),
          }};
}

KindSpec HostnameAssociationFields() {
  return {Kind::kHostnameAssociation,
          "The hostnames of a zone whose client certificates are checked against an mTLS CA; the whole set for "
          "one (zone, certificate) pair.",
          {
              ZoneReference(),
              Reference("mtlsCertificate", "MTLSCertificate", "The metadata.name of a CA MTLSCertificate (ca: true)."),
              {.name = "hostnames",
               .type = FieldType::kStringList,
               .presence = kRequired,
               .description = "Hostnames inside the zone, each associated with one CA only; may be empty."},
              DeletionPolicyField(),
          }};
}

KindSpec ClientCertificateFields() {
  return {Kind::kClientCertificate,
          "An API Shield client certificate issued by Cloudflare's managed CA from a CSR.",
          {
              ZoneReference(),
              {.name = "csrFile",
               .type = FieldType::kPemFile,
               .presence = kRequired,
               .description = "The PEM CSR to sign; its signature must verify."},
              {.name = "validityDays",
               .type = FieldType::kInt,
               .description = "The certificate's validity in days (the API takes 1 to 3650).",
               .default_value = "3650",
               .minimum = 1,
               .maximum = 3650},
              {.name = "state",
               .type = FieldType::kEnum,
               .description = "revoked revokes the certificate.",
               .allowed = {"active", "revoked"},
               .default_value = "active"},
              {.name = "certificateOutputFile",
               .type = FieldType::kPath,
               .description = "Where the issued certificate (PEM) is written; not written when absent."},
              {.name = "renewBefore",
               .type = FieldType::kDuration,
               .description = "Renew this long before expiry; shorter than validityDays.",
               .default_value = "30d"},
              DeletionPolicyField(),
          }};
}

KindSpec CustomCsrFields() {
  return {Kind::kCustomCsr,
          "A CSR generated by Cloudflare, which keeps the key (SSL for SaaS custom certificates).",
          {
              ZoneReference(),
              {.name = "country",
               .presence = kRequired,
               .description = "Two capital letters (ISO 3166), e.g. US.",
               .pattern = "^[A-Z]{2}$"},
              {.name = "state", .presence = kRequired, .description = "State or province."},
              {.name = "locality", .presence = kRequired, .description = "City."},
              {.name = "organization", .presence = kRequired, .description = "Organization."},
              {.name = "organizationalUnit", .description = "Organizational unit."},
              {.name = "commonName",
               .presence = kRequired,
               .description = "The common name; must be one of sans.",
               .max_length = kMaxCommonName},
              {.name = "sans",
               .type = FieldType::kStringList,
               .presence = kRequired,
               .description = "Subject alternative names; at least one, including the common name.",
               .min_items = 1,
               .max_length = kMaxSan},
              {.name = "keyType",
               .type = FieldType::kEnum,
               .description = "The key Cloudflare generates.",
               .allowed = {"rsa2048", "p256v1"},
               .default_value = "rsa2048"},
              {.name = "csrOutputFile",
               .type = FieldType::kPath,
               .description = "Where the CSR (PEM) is written for the customer; not written when absent."},
              DeletionPolicyField(),
          }};
}

FieldTable CustomHostnameSsl() {
  return {
      {.name = "method",
       .type = FieldType::kEnum,
       .description = "Domain control validation method (the API's default when absent).",
       .allowed = {"http", "txt", "email"}},
      {.name = "type",
       .type = FieldType::kEnum,
       .description = "Validation level.",
       .allowed = {"dv"},
       .default_value = "dv"},
      {.name = "certificateAuthority",
       .type = FieldType::kEnum,
       .description = "The issuing certificate authority (the API's default when absent).",
       .allowed = {"digicert", "google", "lets_encrypt", "ssl_com"}},
      {.name = "bundleMethod",
       .type = FieldType::kEnum,
       .description = "How the chain is bundled.",
       .allowed = {"ubiquitous", "optimal", "force"},
       .default_value = "ubiquitous"},
      {.name = "wildcard", .type = FieldType::kBool, .description = "Also cover *.hostname.", .default_value = "false"},
      {.name = "customCsr",
       .description = "The metadata.name of a CustomCSR of the same zone whose SANs cover the hostname.",
       .references = "CustomCSR"},
      {.name = "customCertificate",
       .type = FieldType::kPem,
       .description = "The customer's certificate once returned; needs customCsr or customKey, publicly trusted."},
      {.name = "customKey",
       .type = FieldType::kSecret,
       .description = "The key of customCertificate when no customCsr is used."},
      {.name = "settings",
       .type = FieldType::kMap,
       .description = "TLS settings for the hostname (the API's defaults when absent).",
       .fields =
           {
               {.name = "minTlsVersion",
                .type = FieldType::kEnum,
                .description = "Minimum TLS version (quote it: \"1.2\").",
                .allowed = {"1.0", "1.1", "1.2", "1.3"}},
               {.name = "tls13", .type = FieldType::kEnum, .description = "TLS 1.3.", .allowed = kOnOff},
               {.name = "http2", .type = FieldType::kEnum, .description = "HTTP/2.", .allowed = kOnOff},
               {.name = "earlyHints", .type = FieldType::kEnum, .description = "Early Hints.", .allowed = kOnOff},
               {.name = "ciphers", .type = FieldType::kStringList, .description = "BoringSSL cipher names."},
           }},
  };
}

KindSpec CustomHostnameFields() {
  return {Kind::kCustomHostname,
          "A custom hostname (SSL for SaaS) with its certificate settings.",
          {
              ZoneReference(),
              {.name = "hostname", .presence = kRequired, .description = "The customer's hostname."},
              {.name = "ssl",
               .type = FieldType::kMap,
               .description = "How the hostname's certificate is obtained.",
               .fields = CustomHostnameSsl()},
              {.name = "customOriginServer", .description = "A hostname to use as the origin instead of the zone's."},
              {.name = "customOriginSni", .description = "The SNI sent to the custom origin."},
              {.name = "customMetadata", .type = FieldType::kStringMap, .description = "Metadata for Workers."},
              ValidationRecordsField("The metadata.name of the Zone (the customer's zone, on Cloudflare and editable "
                                     "by the token) that holds the hostname; required with publish: CloudflareDNS, "
                                     "which also needs ssl.method: txt."),
              DeletionPolicyField(),
              AdoptionPolicyField(),
          }};
}

KindSpec UniversalSslFields() {
  return {Kind::kUniversalSsl,
          "A zone's Universal SSL settings (one per zone).",
          {
              ZoneReference(),
              {.name = "enabled",
               .type = FieldType::kBool,
               .description = "false needs a CertificatePack for the zone, or force: true.",
               .default_value = "true"},
              {.name = "automaticMode",
               .type = FieldType::kEnum,
               .description = "The automatic SSL mode; left as it is when absent.",
               .allowed = {"auto", "custom"}},
              {.name = "force",
               .type = FieldType::kBool,
               .description = "Allow enabled: false without a CertificatePack for the zone.",
               .default_value = "false"},
          }};
}

}  // namespace

const KindSpec& KindFields(Kind kind) {
  static const std::vector<KindSpec> kinds = {AccountFields(),
                                              ZoneFields(),
                                              CertificatePackFields(),
                                              MtlsCertificateFields(),
                                              HostnameAssociationFields(),
                                              ClientCertificateFields(),
                                              CustomCsrFields(),
                                              CustomHostnameFields(),
                                              UniversalSslFields()};
  return kinds[static_cast<std::size_t>(kind)];
}

}  // namespace edgecert::manifests
