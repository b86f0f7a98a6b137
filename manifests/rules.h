// The offline rules of a load: names and references between objects, the API's rules on each kind's
// content (PRODUCT.md "Rules the API enforces"), and the PEM checks done with OpenSSL. Each appends
// Diagnostics located at the offending field. Pure functions of their inputs; thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "manifests/diagnostic.h"
#include "manifests/document_decoder.h"

namespace edgecert::manifests {

// Looks up an environment variable (injected so tests control it).
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Duplicate names per kind and other identity clashes, and references to objects that are not defined.
void CheckReferences(const DecodedObjects& decoded, std::vector<Diagnostic>& errors);

// Hostnames, pack hosts, CSR fields, client certificate periods, the Universal SSL disable guard.
void CheckContentRules(const DecodedObjects& decoded, std::vector<Diagnostic>& errors);

// spec.validationRecords of packs and custom hostnames: publishing in Cloudflare DNS only where there
// are TXT records to publish and a Zone (dnsZone) that holds their names.
void CheckValidationRecordsRules(const DecodedObjects& decoded, std::vector<Diagnostic>& errors);

// PEM certificates and CSRs parsed with OpenSSL: CA flag, signature algorithm, expiry against `clock`,
// self-signed custom certificates, private keys matching (when the key file or variable is present),
// at most five CAs per account.
void CheckCertificateRules(const DecodedObjects& decoded, const Clock& clock, const EnvironmentLookup& env,
                           std::vector<Diagnostic>& errors);

// Shared by the rule files.
void Report(std::vector<Diagnostic>& errors, Kind kind, const ObjectMeta& meta, const std::string& field,
            std::string message);
// A DNS hostname (labels of letters, digits and '-', at most 253 characters); `*.` allowed when
// `allow_wildcard`.
bool IsValidHostname(std::string_view host, bool allow_wildcard);
// True when `host` is the apex or below it (wildcards included).
bool IsInZone(std::string_view host, std::string_view apex);
bool IsHexId(std::string_view id);

}  // namespace edgecert::manifests
