// The small dialog before a one-click comparison: what will be compared (prefilled
// from the window's model and settings) and the one list the user may edit — the
// cells, the clipping threshold, or the gains. Returns the comparison axes; no training.
#pragma once
#include "runs/comparison.h"

#include <QDialog>

#include <cmath>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;

namespace rnnlab {

enum class ComparisonKind { Cells, ClipAB, GainSweep };
QString comparisonTitle(ComparisonKind kind); // "Compare cells", "Clipping A/B", "Gain sweep"

class ComparisonDialog : public QDialog {
    Q_OBJECT
public:
    // suggestedClip: a threshold to offer for a fixed clip (a quarter of the median
    // global norm of the window's last run); NaN: none known.
    ComparisonDialog(ComparisonKind kind, const RunSettings &base, int workers, double suggestedClip,
                     QWidget *parent = nullptr);

    // The axes as prefilled or edited; requires: the fields are valid (accept() checks).
    ComparisonAxes axes() const;
    // Empty when the fields make a comparison, else what is wrong.
    QString validationError() const;

    // For tests: the fields.
    QCheckBox *cellBox(LayerType cell) const;
    QCheckBox *autoClipBox() const { return m_autoClip; }
    QDoubleSpinBox *clipSpin() const { return m_clip; }
    QLineEdit *gainsEdit() const { return m_gains; }
    QComboBox *cellCombo() const { return m_cell; }

    void accept() override;

private:
    ComparisonKind m_kind;
    RunSettings m_base;
    QCheckBox *m_cells[3] = {};
    QCheckBox *m_autoClip = nullptr;
    QDoubleSpinBox *m_clip = nullptr;
    QLineEdit *m_gains = nullptr;
    QComboBox *m_cell = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace rnnlab
