// The Model tab: the layer stack as a list with add/remove/reorder, a form for the
// selected layer, the initialisation (recurrent gain, seed) and a live Keras-like
// summary. A stack that cannot work is refused with an inline message, not trained.
#pragma once
#include "nn/model_spec.h"

#include <QWidget>

#include <memory>

namespace Ui {
class ModelPanel;
}

namespace rnnlab {

// "RNN", "LSTM", "GRU", "Dense": the names the window shows.
QString layerTypeName(LayerType t);

class ModelPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelPanel(QWidget *parent = nullptr);
    ~ModelPanel() override;

    // The stack with the data's input size and horizon applied (the output layer has
    // `horizon` units). Not validated: see isValid().
    ModelSpec spec() const;
    void setSpec(const ModelSpec &spec);
    void setDataShape(int inputSize, int lookback, int horizon);
    bool isValid() const { return m_error.isEmpty(); }
    QString errorText() const { return m_error; }
    long long totalParameters() const { return m_total; } // -1 when invalid

    double recurrentGain() const;
    void setRecurrentGain(double gain);
    int seed() const;
    void setSeed(int seed);

    // Edits used by the buttons; public so tests drive them without clicks.
    void addLayer(LayerType type);
    void removeLayer();
    void moveLayer(int delta);
    void selectLayer(int index);
    int selectedLayer() const;
    void setLayerType(LayerType type);
    void setLayerUnits(int units);
    void setLayerActivation(Activation a);

    void setLocked(bool locked); // while training: the architecture may not change

signals:
    void specChanged();

private:
    void refresh();
    void showLayer(int index);
    void storeForm();
    QString layerLabel(int i) const;

    std::unique_ptr<Ui::ModelPanel> m_ui;
    std::vector<LayerSpec> m_layers;
    int m_inputSize = 1;
    int m_lookback = 12;
    int m_horizon = 1;
    QString m_error;
    long long m_total = -1;
    bool m_filling = false;
    bool m_locked = false;
};

} // namespace rnnlab
