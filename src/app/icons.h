// Toolbar and window icons. The SVGs in resources/icons are used when the Qt SVG
// plugin is present; otherwise the same shapes are painted here, so the toolbar never
// shows empty buttons on a minimal Qt install.
#pragma once
#include <QIcon>

namespace rnnlab {

QIcon appIcon(const QString &name); // "start", "pause", "resume", "step", "stop", "reset", "open", "save", "rnnlab"

} // namespace rnnlab
