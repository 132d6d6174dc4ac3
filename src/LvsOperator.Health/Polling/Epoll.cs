using System.ComponentModel;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LvsOperator.Health.Polling;

/// <summary>
/// One epoll instance with an eventfd in it, so another thread can wake a waiter (epoll(7), eventfd(2)). The wake
/// reports <see cref="WakeToken"/>; every other registration carries the caller's 64-bit token.
/// </summary>
internal sealed unsafe class Epoll : IDisposable
{
    public const ulong WakeToken = ulong.MaxValue;

    private readonly int _epoll;
    private readonly int _wake;
    private readonly Lock _closing = new();
    private int _disposed;

    public Epoll()
    {
        _epoll = epoll_create1(EPOLL_CLOEXEC);
        if (_epoll < 0) throw new Win32Exception(errno, "epoll_create1");
        _wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (_wake < 0 || Add(_wake, EPOLLIN, WakeToken) != 0)
        {
            var error = errno;
            if (_wake >= 0) _ = close(_wake);
            _ = close(_epoll);
            throw new Win32Exception(error, "eventfd");
        }
    }

    /// <summary>EPOLL_CTL_ADD, level-triggered: 0 or the errno.</summary>
    public int Add(int fd, int events, ulong token)
    {
        var registration = new epoll_event { events = events };
        registration.data.u64 = token;
        return epoll_ctl(_epoll, EPOLL_CTL_ADD, fd, &registration) == 0 ? 0 : errno;
    }

    /// <summary>epoll_wait(2) into <paramref name="events"/>: how many are ready, 0 if interrupted or timed out.</summary>
    public int Wait(Span<epoll_event> events, int timeoutMilliseconds)
    {
        fixed (epoll_event* ready = events)
        {
            var count = epoll_wait(_epoll, ready, events.Length, timeoutMilliseconds);
            if (count >= 0) return count;
            var error = errno;
            return error == EINTR ? 0 : throw new Win32Exception(error, "epoll_wait");
        }
    }

    /// <summary>
    /// Makes a current or the next <see cref="Wait"/> return; any thread. After <see cref="Dispose"/> it does
    /// nothing: the descriptor's number may belong to another file by then. Under a lock, since it is rare.
    /// </summary>
    public void Wake()
    {
        lock (_closing)
        {
            if (_disposed != 0) return;
            ulong one = 1;
            // EAGAIN means the counter is already non-zero: the waiter wakes anyway.
            _ = write(_wake, &one, sizeof(ulong));
        }
    }

    /// <summary>Resets the wake counter after <see cref="WakeToken"/> was reported.</summary>
    public void ClearWake()
    {
        ulong count;
        _ = read(_wake, &count, sizeof(ulong));
    }

    public void Dispose()
    {
        lock (_closing)
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _ = close(_wake);
            _ = close(_epoll);
        }
    }
}
