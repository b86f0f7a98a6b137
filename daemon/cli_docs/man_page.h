// ManPage: edgecert(1) in roff (man macros), generated from the CliCommand tree: synopsis, every
// command with its description, options, defaults and accepted values, plus the environment, exit
// status and files sections that the command line alone does not say.
#pragma once

#include <string>

#include "daemon/cli_docs/cli_model.h"

namespace edgecert::daemon::cli_docs {

// `version` goes into the page footer; the page carries no date so the output is reproducible.
std::string ManPage(const CliCommand& root, const std::string& version);

// `text` made safe for roff: backslashes, leading dots and apostrophes, hyphens in option names.
std::string RoffEscape(const std::string& text);

}  // namespace edgecert::daemon::cli_docs
