#pragma once

class QCoreApplication;

namespace bridgescope {

// SIGINT and SIGTERM (Ctrl+C in the terminal that ran scripts/demo) quit the event loop the
// ordinary way, so what runs after exec() — stopping the demo cluster — still runs.
void quitOnTerminationSignals(QCoreApplication &app);

} // namespace bridgescope
