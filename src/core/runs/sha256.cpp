// SHA-256 after FIPS 180-4 section 6.2, one 64-byte block at a time.
#include "runs/sha256.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace rnnlab {

namespace {

constexpr std::array<std::uint32_t, 64> kK = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

std::uint32_t rotr(std::uint32_t x, int n)
{
    return (x >> n) | (x << (32 - n));
}

class Sha256 {
public:
    void add(const unsigned char *p, std::size_t n)
    {
        m_bytes += n;
        while (n > 0) {
            const std::size_t take = std::min(n, std::size_t(64) - m_fill);
            std::copy(p, p + take, m_block.begin() + long(m_fill));
            m_fill += take;
            p += take;
            n -= take;
            if (m_fill == 64) {
                compress();
                m_fill = 0;
            }
        }
    }

    std::string hex()
    {
        // Padding: one 1 bit, zeros up to 56 mod 64, then the message length in bits, big-endian.
        const std::uint64_t bits = m_bytes * 8;
        const unsigned char one = 0x80, zero = 0;
        add(&one, 1);
        while (m_fill != 56) {
            add(&zero, 1);
        }
        unsigned char len[8];
        for (int i = 0; i < 8; ++i) {
            len[i] = (unsigned char)(bits >> (56 - 8 * i));
        }
        add(len, 8);
        std::string out;
        char buf[9];
        for (std::uint32_t h : m_h) {
            std::snprintf(buf, sizeof buf, "%08x", h);
            out += buf;
        }
        return out;
    }

private:
    void compress()
    {
        std::array<std::uint32_t, 64> w;
        for (int t = 0; t < 16; ++t) {
            w[t] = std::uint32_t(m_block[4 * t]) << 24 | std::uint32_t(m_block[4 * t + 1]) << 16
                | std::uint32_t(m_block[4 * t + 2]) << 8 | std::uint32_t(m_block[4 * t + 3]);
        }
        for (int t = 16; t < 64; ++t) {
            const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        std::uint32_t a = m_h[0], b = m_h[1], c = m_h[2], d = m_h[3], e = m_h[4], f = m_h[5], g = m_h[6], h = m_h[7];
        for (int t = 0; t < 64; ++t) {
            const std::uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kK[t] + w[t];
            const std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        m_h[0] += a;
        m_h[1] += b;
        m_h[2] += c;
        m_h[3] += d;
        m_h[4] += e;
        m_h[5] += f;
        m_h[6] += g;
        m_h[7] += h;
    }

    std::array<std::uint32_t, 8> m_h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::array<unsigned char, 64> m_block{};
    std::size_t m_fill = 0;
    std::uint64_t m_bytes = 0;
};

} // namespace

std::string sha256Hex(std::string_view bytes)
{
    Sha256 s;
    s.add(reinterpret_cast<const unsigned char *>(bytes.data()), bytes.size());
    return s.hex();
}

std::string fileChecksum(const std::string &path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        throw std::runtime_error(path + ": cannot open to compute its checksum");
    }
    Sha256 s;
    std::array<char, 1 << 16> buf;
    while (f) {
        f.read(buf.data(), std::streamsize(buf.size()));
        s.add(reinterpret_cast<const unsigned char *>(buf.data()), std::size_t(f.gcount()));
    }
    if (f.bad()) {
        throw std::runtime_error(path + ": read error while computing its checksum");
    }
    return "sha256:" + s.hex();
}

} // namespace rnnlab
