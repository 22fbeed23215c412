#include "SilentRelay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bridgescope::test {

namespace {

sockaddr_in loopback(int port)
{
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(uint16_t(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

// Writes all of it (the other side's buffer may take it in parts); false when that side is gone.
bool writeAll(int fd, const char *data, ssize_t size)
{
    while (size > 0) {
        const ssize_t written = ::send(fd, data, size_t(size), MSG_NOSIGNAL);
        if (written <= 0)
            return false;
        data += written;
        size -= written;
    }
    return true;
}

} // namespace

// A socket listening on 127.0.0.1 at a port the kernel picks, or -1.
static int listenOnLoopback(int &port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::listen(fd, 16) != 0
        || ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    port = ntohs(address.sin_port);
    return fd;
}

SilentPort::SilentPort()
{
    m_listen = listenOnLoopback(m_port);
}

SilentPort::~SilentPort()
{
    if (m_listen >= 0)
        ::close(m_listen);
}

SilentRelay::SilentRelay(int targetPort)
    : m_targetPort(targetPort)
{
    m_listen = listenOnLoopback(m_port);
    if (m_listen < 0 || ::pipe(m_wake) != 0) {
        if (m_listen >= 0)
            ::close(m_listen);
        m_listen = -1;
        return;
    }
    m_thread = std::thread([this] { run(); });
}

SilentRelay::~SilentRelay()
{
    if (m_thread.joinable()) {
        m_stop = true;
        wake();
        m_thread.join();
    }
    for (const Pair &pair : m_pairs) {
        ::close(pair.client);
        ::close(pair.server);
    }
    for (int fd : { m_listen, m_wake[0], m_wake[1] })
        if (fd >= 0)
            ::close(fd);
}

void SilentRelay::goSilent()
{
    m_heard = false;
    m_silent = true;
    wake();
}

void SilentRelay::speak()
{
    m_silent = false;
    wake();
}

void SilentRelay::wake()
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(m_wake[1], &byte, 1);
}

void SilentRelay::run()
{
    while (!m_stop) {
        std::vector<pollfd> fds { { m_listen, POLLIN, 0 }, { m_wake[0], POLLIN, 0 } };
        const bool silent = m_silent;
        // Silent: what arrives stays unread in the kernel's buffers; the clients' sockets are
        // watched only until the first of them has something to say.
        const bool listenToClients = silent && !m_heard;
        if (!silent || listenToClients)
            for (const Pair &pair : m_pairs) {
                fds.push_back({ pair.client, POLLIN, 0 });
                fds.push_back({ pair.server, listenToClients ? short(0) : short(POLLIN), 0 });
            }
        const size_t polled = (fds.size() - 2) / 2; // pairs accepted below wait for the next round
        if (::poll(fds.data(), fds.size(), -1) < 0)
            continue;
        if (listenToClients)
            for (size_t at = 0; at < polled; ++at)
                if (fds[2 + at * 2].revents & POLLIN)
                    m_heard = true;
        if (fds[1].revents & POLLIN) {
            char drain[64];
            [[maybe_unused]] const ssize_t read = ::read(m_wake[0], drain, sizeof drain);
        }
        if (fds[0].revents & POLLIN) {
            const int client = ::accept(m_listen, nullptr, nullptr);
            const int server = ::socket(AF_INET, SOCK_STREAM, 0);
            const sockaddr_in target = loopback(m_targetPort);
            if (client >= 0 && server >= 0
                && ::connect(server, reinterpret_cast<const sockaddr *>(&target), sizeof target)
                    == 0) {
                m_pairs.push_back({ client, server });
            } else {
                ::close(client);
                ::close(server);
            }
        }
        if (silent)
            continue;
        std::vector<Pair> open;
        for (size_t at = 0; at < polled; ++at) {
            const Pair pair = m_pairs[at];
            bool alive = true;
            for (int side = 0; side < 2 && alive; ++side) {
                const pollfd &fd = fds[2 + at * 2 + size_t(side)];
                if (!(fd.revents & (POLLIN | POLLHUP | POLLERR)))
                    continue;
                char buffer[65536];
                const ssize_t got = ::recv(fd.fd, buffer, sizeof buffer, 0);
                alive = got > 0 && writeAll(side == 0 ? pair.server : pair.client, buffer, got);
            }
            if (alive) {
                open.push_back(pair);
            } else {
                ::close(pair.client);
                ::close(pair.server);
            }
        }
        open.insert(open.end(), m_pairs.begin() + std::ptrdiff_t(polled), m_pairs.end());
        m_pairs = std::move(open);
    }
}

} // namespace bridgescope::test
