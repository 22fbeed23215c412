#pragma once

#include <atomic>
#include <thread>
#include <vector>

namespace bridgescope::test {

// A TCP relay on 127.0.0.1 to a server's port: what a VPN, an SSH tunnel or a proxy is to a
// real client. It passes data both ways until goSilent(); from then on it passes nothing and
// closes nothing, for the connections it has and for new ones (it still accepts them), so the
// client's kernel sees every segment acknowledged and every keepalive answered while no reply
// ever comes: the failure TCP cannot see. speak() passes data again.
class SilentRelay
{
public:
    explicit SilentRelay(int targetPort);
    ~SilentRelay();
    SilentRelay(const SilentRelay &) = delete;
    SilentRelay &operator=(const SilentRelay &) = delete;

    bool isValid() const { return m_listen >= 0; }
    int port() const { return m_port; }
    void goSilent();
    void speak();
    // Whether a client has sent something since goSilent() (left unread): a statement that
    // has left the client and will never be answered.
    bool heardWhileSilent() const { return m_heard; }

private:
    void run();
    void wake();

    struct Pair
    {
        int client = -1;
        int server = -1;
    };
    int m_targetPort = 0;
    int m_listen = -1;
    int m_port = 0;
    int m_wake[2] = { -1, -1 };
    std::atomic<bool> m_silent { false };
    std::atomic<bool> m_stop { false };
    std::atomic<bool> m_heard { false };
    std::vector<Pair> m_pairs; // relay thread only
    std::thread m_thread;
};

// A port on 127.0.0.1 that takes connections and never says a word: it listens and never
// accepts, so the kernel completes each handshake and acknowledges what is sent, and no reply
// comes. A server stuck before its first word, as a client sees it.
class SilentPort
{
public:
    SilentPort();
    ~SilentPort();
    SilentPort(const SilentPort &) = delete;
    SilentPort &operator=(const SilentPort &) = delete;
    bool isValid() const { return m_listen >= 0; }
    int port() const { return m_port; }

private:
    int m_listen = -1;
    int m_port = 0;
};

} // namespace bridgescope::test
