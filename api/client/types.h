// Every typed result and request of the Cloudflare API subset edgecert reconciles.
#pragma once

#include "api/client/types_certificate_pack.h"
#include "api/client/types_custom.h"
#include "api/client/types_dns.h"
#include "api/client/types_mtls.h"
#include "api/client/types_zone.h"
