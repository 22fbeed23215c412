#pragma once

#include "catalog/SchemaSnapshot.h"

#include <QJsonObject>

namespace bridgescope {

// `bridgescope schema --json`: the snapshot as documented in docs/schema-json.md.
QJsonObject schemaToJson(const SchemaSnapshot &snapshot);

// `bridgescope schema`: the same, for a person, one block per table.
QString schemaToText(const SchemaSnapshot &snapshot);

} // namespace bridgescope
