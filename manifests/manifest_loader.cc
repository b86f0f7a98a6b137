#include "manifests/manifest_loader.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>

#include "manifests/document_decoder.h"
#include "manifests/manifest_files.h"
#include "manifests/text_checks.h"

namespace edgecert::manifests {
namespace {

std::optional<std::string> ProcessEnvironment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

// Reads a manifest file, refusing it before reading when it is over the size cap.
std::optional<std::string> ReadManifest(const std::filesystem::path& path, std::size_t max_bytes,
                                        std::vector<Diagnostic>& errors) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    errors.push_back(Diagnostic{{path.string(), 0, 0}, "", "", "cannot read file: " + ec.message(), ec.value()});
    return std::nullopt;
  }
  if (size > max_bytes) {
    errors.push_back(Diagnostic{{path.string(), 0, 0},
                                "",
                                "",
                                "file is " + std::to_string(size) + " bytes; manifest files are limited to " +
                                    std::to_string(max_bytes) + " bytes"});
    return std::nullopt;
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  std::string text(size, '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(size))) {
    const int system_error = errno;  // what open(2) or read(2) said, e.g. EMFILE
    errors.push_back(Diagnostic{
        {path.string(), 0, 0},
        "",
        "",
        system_error != 0 ? "cannot read file: " + std::string(std::strerror(system_error)) : "cannot read file",
        system_error});
    return std::nullopt;
  }
  return text;
}

}  // namespace

ManifestLoader::ManifestLoader(const Clock& clock, LoaderOptions options)
    : clock_(clock), options_(std::move(options)) {
  if (!options_.env) options_.env = ProcessEnvironment;
}

ManifestLoad ManifestLoader::Load(const std::filesystem::path& root) const {
  ManifestLoad load;
  ManifestFileList list = FindManifestFiles(root);
  load.errors = std::move(list.errors);
  DecodedObjects decoded;
  std::vector<std::string> relative_files;
  for (const ManifestFile& file : list.files) {
    std::string display = file.path.string();
    load.files.push_back(display);
    const std::string relative = file.path.lexically_relative(root).generic_string();
    relative_files.push_back(relative);
    auto text = ReadManifest(file.path, options_.max_file_bytes, load.errors);
    if (!text) continue;
    NormalizeLineBreaks(*text);
    if (auto problem = CheckManifestText(*text, display)) {
      load.errors.push_back(std::move(*problem));
      continue;
    }
    YamlParseResult parsed = ParseYamlDocuments(*text, display, options_.yaml);
    for (Diagnostic& d : parsed.errors) load.errors.push_back(std::move(d));
    for (const YamlDocument& document : parsed.documents) {
      DecodeDocument(document, ManifestFileName{display, relative}, file.path.parent_path(), options_.max_referenced_file_bytes, decoded,
                     load.errors);
    }
  }
  CheckReferences(decoded, load.errors);
  CheckContentRules(decoded, load.errors);
  CheckValidationRecordsRules(decoded, load.errors);
  CheckCertificateRules(decoded, clock_, options_.env, load.errors);
  SortDiagnostics(load.errors);
  if (load.errors.empty()) load.state = std::make_shared<const DesiredState>(std::move(decoded.objects), std::move(relative_files));
  return load;
}

}  // namespace edgecert::manifests
