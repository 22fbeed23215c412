#pragma once

#include <QString>
#include <QStringList>

namespace bridgescope {

// The parameters a statement refers to ($1, $2 …, as pg_stat_statements writes the constants
// it took out), each once, in number order. "$$" and "a$1" are not parameters.
QStringList statementParameters(const QString &sql);

// The statement with each parameter replaced by its value, as given (SQL literals), whole:
// $1 is not the start of $10, and a value's text is never read as a pattern.
QString withParameterValues(const QString &sql, const QStringList &names,
                            const QStringList &values);

} // namespace bridgescope
