// A one-line progress bar on stderr, drawn only when stderr is a terminal, so
// pipes and logs get nothing extra.
#pragma once

#include <cstdio>
#include <unistd.h>

namespace rnnlab::cli {

class Progress {
public:
    explicit Progress(int epochs) : m_epochs(epochs), m_tty(isatty(fileno(stderr)) != 0) {}

    void update(int epoch, int batch, int batches)
    {
        if (!m_tty || batches <= 0) {
            return;
        }
        const int width = 30;
        const int done = batch * width / batches;
        std::fprintf(stderr, "\repoch %d/%d [", epoch + 1, m_epochs);
        for (int i = 0; i < width; ++i) {
            std::fputc(i < done ? '#' : ' ', stderr);
        }
        std::fprintf(stderr, "] batch %d/%d ", batch, batches);
        std::fflush(stderr);
        m_drawn = true;
    }

    void clear()
    {
        if (m_drawn) {
            std::fprintf(stderr, "\r%60s\r", "");
            std::fflush(stderr);
            m_drawn = false;
        }
    }

private:
    int m_epochs;
    bool m_tty;
    bool m_drawn = false;
};

} // namespace rnnlab::cli
