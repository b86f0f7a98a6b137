#include "manifests/document_decoder.h"


#include "crypto/x509.h"
#include "manifests/suggestions.h"

namespace edgecert::manifests {
namespace {

bool IsValidObjectName(const std::string& name) {
  if (name.empty() || name.size() > kMaxObjectName) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  for (char c : name) {
    if (!alnum(c) && c != '-' && c != '.') return false;
  }
  return true;
}

// An inline private key anywhere in a document is refused, whatever field holds it: the repository
// must never carry one.
void ScanForPrivateKeys(const YamlNode& node, DecodeContext& ctx) {
  if (node.type == YamlNode::Type::kScalar) {
    if (crypto::ContainsPrivateKeyBlock(node.scalar)) {
      ctx.Error(node.line, node.column,
                "inline private key: a private key must never be written in a manifest; "
                "use {file: PATH} or {env: VARIABLE}");
    }
    return;
  }
  for (const YamlNodePtr& item : node.items) ScanForPrivateKeys(*item, ctx);
  for (const YamlNode::Entry& e : node.entries) ScanForPrivateKeys(*e.value, ctx);
}

std::vector<std::string> KindNames() {
  std::vector<std::string> names;
  for (Kind kind : AllKinds()) names.emplace_back(KindName(kind));
  return names;
}

template <typename T, typename Decode>
void DecodeInto(Kind kind, std::vector<T>& list, ObjectMeta meta, FieldReader& spec_reader, DecodeContext& ctx,
                DecodedObjects& out, Decode decode) {
  list.push_back(T{});
  T& object = list.back();
  object.meta = std::move(meta);
  ctx.meta = &object.meta;
  decode(spec_reader, object);
  spec_reader.Finish();
  if (ctx.HasErrors()) out.incomplete.insert({kind, list.size() - 1});
}

}  // namespace

void DecodeDocument(const YamlDocument& document, const ManifestFileName& file,
                    const std::filesystem::path& base_dir, std::size_t max_referenced_file_bytes,
                    DecodedObjects& out, std::vector<Diagnostic>& errors) {
  DecodeContext ctx;
  ctx.file = file.display;
  ctx.base_dir = base_dir;
  ctx.max_referenced_file_bytes = max_referenced_file_bytes;
  ctx.errors = &errors;
  ctx.error_count_at_start = errors.size();
  const YamlNode& root = *document.root;
  if (root.type != YamlNode::Type::kMap) {
    ctx.Error(root.line, root.column, "a manifest document must be a map, got " + std::string(root.Describe()));
    return;
  }

  // Kind and name first, so that every later message can name them.
  const YamlNode::Entry* kind_entry = root.Find("kind");
  std::optional<Kind> kind;
  if (kind_entry != nullptr && kind_entry->value->type == YamlNode::Type::kScalar) {
    kind = KindFromName(kind_entry->value->scalar);
    if (kind) ctx.kind = std::string(KindName(*kind));
  }
  const YamlNode::Entry* metadata_entry = root.Find("metadata");
  if (metadata_entry != nullptr && metadata_entry->value->type == YamlNode::Type::kMap) {
    const YamlNode::Entry* name = metadata_entry->value->Find("name");
    if (name != nullptr && name->value->type == YamlNode::Type::kScalar) ctx.name = name->value->scalar;
  }

  ObjectMeta meta;
  meta.location = SourceLocation{file.display, document.root->line, document.root->column};
  meta.manifest_file = file.relative;
  ctx.meta = &meta;
  FieldReader top(ctx, &root, "", root.line, root.column, &EnvelopeFields());
  if (auto api_version = top.String("apiVersion"); api_version && *api_version != kApiVersion) {
    const SourceLocation& at = meta.At("apiVersion");
    ctx.Error(at.line, at.column,
              "apiVersion: \"" + *api_version + "\" is not supported; use " + std::string(kApiVersion));
  }
  if (auto kind_text = top.String("kind"); kind_text && !kind) {
    const SourceLocation& at = meta.At("kind");
    std::string message = "kind: unknown kind \"" + *kind_text + "\"";
    auto names = KindNames();
    if (auto hint = ClosestMatch(*kind_text, names)) {
      message += "; did you mean \"" + *hint + "\"?";
    } else {
      message += "; allowed: " + JoinList(names);
    }
    ctx.Error(at.line, at.column, std::move(message));
  }
  FieldReader metadata = top.Map("metadata");
  // A missing metadata map is one error, not two.
  Presence name_presence = metadata_entry != nullptr ? Presence::kRequired : Presence::kOptional;
  if (auto name = metadata.String("name", name_presence)) {
    meta.name = *name;
    if (!IsValidObjectName(*name)) {
      const SourceLocation& at = meta.At("metadata.name");
      ctx.Error(at.line, at.column,
                "metadata.name: \"" + *name +
                    "\" is not a valid name; use lowercase letters, digits, '-' and '.', starting and ending "
                    "with a letter or digit, at most 253 characters");
    }
  }
  if (auto labels = metadata.StringMap("labels")) meta.labels = std::move(*labels);
  metadata.Finish();
  FieldReader spec = top.Map("spec");
  top.Finish();
  ScanForPrivateKeys(root, ctx);
  if (!kind) return;
  spec.Bind(&KindFields(*kind).spec);

  DesiredObjects& o = out.objects;
  switch (*kind) {
    case Kind::kAccount: DecodeInto(*kind, o.accounts, std::move(meta), spec, ctx, out, DecodeAccountSpec); break;
    case Kind::kZone: DecodeInto(*kind, o.zones, std::move(meta), spec, ctx, out, DecodeZoneSpec); break;
    case Kind::kCertificatePack:
      DecodeInto(*kind, o.certificate_packs, std::move(meta), spec, ctx, out, DecodeCertificatePackSpec);
      break;
    case Kind::kMtlsCertificate:
      DecodeInto(*kind, o.mtls_certificates, std::move(meta), spec, ctx, out, DecodeMtlsCertificateSpec);
      break;
    case Kind::kHostnameAssociation:
      DecodeInto(*kind, o.hostname_associations, std::move(meta), spec, ctx, out, DecodeHostnameAssociationSpec);
      break;
    case Kind::kClientCertificate:
      DecodeInto(*kind, o.client_certificates, std::move(meta), spec, ctx, out, DecodeClientCertificateSpec);
      break;
    case Kind::kCustomCsr: DecodeInto(*kind, o.custom_csrs, std::move(meta), spec, ctx, out, DecodeCustomCsrSpec); break;
    case Kind::kCustomHostname:
      DecodeInto(*kind, o.custom_hostnames, std::move(meta), spec, ctx, out, DecodeCustomHostnameSpec);
      break;
    case Kind::kUniversalSsl:
      DecodeInto(*kind, o.universal_ssls, std::move(meta), spec, ctx, out, DecodeUniversalSslSpec);
      break;
  }
}

}  // namespace edgecert::manifests
