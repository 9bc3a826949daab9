// Residual checks (forecasting/residual_checks.h): the Ljung-Box statistic and p-value
// equal statsmodels' acorr_ljungbox, the chi-square tail equals scipy's, white noise
// passes and an autocorrelated series fails, and the lag rule.
#include "forecasting/residual_checks.h"
#include "data/series.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace rnnlab;

class TestCoreResiduals : public QObject {
    Q_OBJECT
private slots:
    void matchesStatsmodels()
    {
        // acorr_ljungbox(np.diff(nile)[:60], lags=[10]) in statsmodels 0.13.5:
        // lb_stat 20.622391906552036, lb_pvalue 0.023886077390788726.
        const Series s = loadSeries(RNNLAB_SAMPLE_DATA "/nile.csv");
        std::vector<double> e;
        for (int r = 1; r <= 60; ++r) {
            e.push_back(s.values(r, 0) - s.values(r - 1, 0));
        }
        const ResidualCheck c = checkResiduals(e, 0);
        QCOMPARE(c.lags, 10);
        QVERIFY2(std::abs(c.ljungBox - 20.622391906552036) < 1e-9, qPrintable(QString::number(c.ljungBox, 'g', 15)));
        QVERIFY2(std::abs(c.pValue - 0.023886077390788726) < 1e-9, qPrintable(QString::number(c.pValue, 'g', 15)));
        QCOMPARE(int(c.acf.size()), 10);
        QVERIFY(std::abs(c.bound - 1.96 / std::sqrt(60.0)) < 1e-15);
    }

    void chiSquareTail()
    {
        // scipy.stats.chi2.sf(3.5, 7), chi2.sf(25.0, 12)
        QVERIFY(std::abs(chiSquareSurvival(3.5, 7) - 0.8352254826103422) < 1e-12);
        QVERIFY(std::abs(chiSquareSurvival(25.0, 12) - 0.014822874597441575) < 1e-12);
        QCOMPARE(chiSquareSurvival(0.0, 3), 1.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, chiSquareSurvival(1.0, 0));
    }

    void noiseAndStructure()
    {
        std::mt19937_64 rng(3);
        std::normal_distribution<double> d(0, 1);
        std::vector<double> noise(400), ar(400);
        for (int t = 0; t < 400; ++t) {
            noise[t] = d(rng);
            ar[t] = (t > 0 ? 0.7 * ar[t - 1] : 0.0) + d(rng);
        }
        QVERIFY(checkResiduals(noise, 0).pValue > 0.01);
        QVERIFY(checkResiduals(ar, 0).pValue < 1e-6);
        QCOMPARE(checkResiduals(noise, 12).lags, 24);
        QCOMPARE(checkResiduals(std::span<const double>(noise).first(50), 12).lags, 10); // n/5
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, checkResiduals(std::span<const double>(noise).first(9), 0));
    }
};

QTEST_APPLESS_MAIN(TestCoreResiduals)
#include "tst_core_residuals.moc"
