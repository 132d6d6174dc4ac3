using System.Diagnostics;
using System.Net.Sockets;
using LvsOperator.Netlink.Interop;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LvsOperator.Netlink.Connection;

/// <summary>
/// A non-blocking <c>AF_NETLINK</c> socket made and driven through Tmds.LibC. The kernel answers a
/// request inside <c>sendmsg</c> (and produces later dump chunks inside <c>recvmsg</c>), so receives
/// nearly always complete at once. When one does not, the wait for readability goes to the
/// runtime's epoll engine (the descriptor is also wrapped in a <see cref="Socket"/>, used only for a
/// zero-byte <c>MSG_PEEK</c> receive): no thread blocks, and the wait ends on data, timeout or
/// cancellation.
/// </summary>
internal sealed class NetlinkSocket : INetlinkTransport
{
    private const int MaxSendWaits = 50;
    private static readonly TimeSpan SendWait = TimeSpan.FromMilliseconds(200);
    private readonly Socket _readiness;
    private int _fd;

    private NetlinkSocket(int fd, uint portId)
    {
        _fd = fd;
        PortId = portId;

        // Owns the descriptor from here on: disposing it closes the fd.
        _readiness = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    public uint PortId { get; }

    /// <summary>Opens, configures and binds a socket for <paramref name="protocol"/>.</summary>
    public static unsafe NetlinkSocket Open(int protocol, int receiveBufferBytes, int sendBufferBytes)
    {
        int fd = socket(NetlinkInterop.AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol);
        if (fd < 0)
        {
            throw Fail("socket(AF_NETLINK)");
        }

        try
        {
            // Errors echo only the request header (smaller acks, more of them fit the receive buffer),
            // and carry the kernel's explanation (NLMSGERR_ATTR_MSG). Both are best effort: older
            // kernels may lack them.
            TrySetInt(fd, NetlinkInterop.SOL_NETLINK, NetlinkInterop.NETLINK_CAP_ACK, 1);
            TrySetInt(fd, NetlinkInterop.SOL_NETLINK, NetlinkInterop.NETLINK_EXT_ACK, 1);

            // A batch of N requests queues N acks; if they overflow the receive buffer the kernel drops
            // them and flags ENOBUFS. The *FORCE variants pass rmem_max/wmem_max with CAP_NET_ADMIN.
            SetBuffer(fd, SO_RCVBUFFORCE, SO_RCVBUF, receiveBufferBytes);
            SetBuffer(fd, SO_SNDBUFFORCE, SO_SNDBUF, sendBufferBytes);

            SockaddrNl address = new() { nl_family = NetlinkInterop.AF_NETLINK };
            if (bind(fd, (sockaddr*)&address, (uint)sizeof(SockaddrNl)) != 0)
            {
                throw Fail("bind(AF_NETLINK)");
            }

            socklen_t length = (uint)sizeof(SockaddrNl);
            if (getsockname(fd, (sockaddr*)&address, &length) != 0)
            {
                throw Fail("getsockname(AF_NETLINK)");
            }

            return new NetlinkSocket(fd, address.nl_pid);
        }
        catch
        {
            _ = close(fd);
            throw;
        }
    }

    /// <summary>The receive buffer the kernel granted (it doubles the requested value for bookkeeping).</summary>
    public unsafe int ReceiveBufferBytes => GetInt(SOL_SOCKET, SO_RCVBUF);

    public unsafe void Send(ReadOnlySpan<byte> datagram)
    {
        SockaddrNl kernel = new() { nl_family = NetlinkInterop.AF_NETLINK };
        int waits = 0;
        fixed (byte* p = datagram)
        {
            while (true)
            {
                long sent = sendto(Fd, p, datagram.Length, 0, (sockaddr*)&kernel, (uint)sizeof(SockaddrNl));
                if (sent >= 0)
                {
                    if (sent != datagram.Length)
                    {
                        throw new NetlinkException($"sendto sent {sent} of {datagram.Length} bytes.");
                    }

                    return;
                }

                int error = errno;
                if (error == EINTR)
                {
                    continue;
                }

                if (error == EAGAIN && ++waits <= MaxSendWaits)
                {
                    // The kernel runs requests inside sendmsg, so a full send buffer is brief; a
                    // bounded wait (MaxSendWaits x SendWait) keeps a wedged socket from hanging us.
                    WaitFor(POLLOUT, SendWait);
                    continue;
                }

                throw new NetlinkException(error, "sendto(AF_NETLINK)", null);
            }
        }
    }

    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int received = TryReceive(buffer.Span);
            if (received >= 0)
            {
                return received;
            }

            TimeSpan left = TimeSpan.FromSeconds((deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
            if (left <= TimeSpan.Zero)
            {
                throw new NetlinkException(ETIMEDOUT, "recvfrom(AF_NETLINK)", $"no reply within {timeout}");
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(left);
            try
            {
                await _readiness.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The deadline passed; the loop reports ETIMEDOUT after one last look.
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.NoBufferSpaceAvailable or SocketError.MessageSize)
            {
                // The next recvfrom reports the socket error itself (ENOBUFS).
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _fd, -1) >= 0)
        {
            _readiness.Dispose();
        }
    }

    /// <summary>One datagram from the kernel, or -1 if none is queued. Datagrams from other ports are dropped.</summary>
    private unsafe int TryReceive(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                SockaddrNl from = default;
                socklen_t fromLength = (uint)sizeof(SockaddrNl);
                long n = recvfrom(Fd, p, buffer.Length, MSG_DONTWAIT | MSG_TRUNC, (sockaddr*)&from, &fromLength);
                if (n < 0)
                {
                    int error = errno;
                    if (error == EINTR)
                    {
                        continue;
                    }

                    if (error == EAGAIN)
                    {
                        return -1;
                    }

                    // ENOBUFS: the receive queue overflowed and the kernel dropped replies.
                    throw new NetlinkException(error, "recvfrom(AF_NETLINK)", error == ENOBUFS ? "receive buffer overrun: replies were lost" : null);
                }

                if (n > buffer.Length)
                {
                    throw new Codec.NetlinkProtocolException($"Datagram of {n} bytes truncated to the {buffer.Length}-byte receive buffer.");
                }

                if (from.nl_pid != 0)
                {
                    // Only the kernel (port 0) may answer; another process unicasting to our port is ignored.
                    continue;
                }

                return (int)n;
            }
        }
    }

    private unsafe void WaitFor(short events, TimeSpan timeout)
    {
        pollfd pfd = new() { fd = Fd, events = events };
        int r = poll(&pfd, 1, (int)Math.Ceiling(timeout.TotalMilliseconds));
        if (r < 0 && errno != EINTR)
        {
            throw Fail("poll(AF_NETLINK)");
        }
    }

    private int Fd => _fd >= 0 ? _fd : throw new ObjectDisposedException(nameof(NetlinkSocket));

    private unsafe int GetInt(int level, int name)
    {
        int value = 0;
        socklen_t length = sizeof(int);
        return getsockopt(Fd, level, name, &value, &length) == 0 ? value : throw Fail("getsockopt");
    }

    private static void SetBuffer(int fd, int forced, int plain, int bytes)
    {
        if (bytes > 0 && !TrySetInt(fd, SOL_SOCKET, forced, bytes) && !TrySetInt(fd, SOL_SOCKET, plain, bytes))
        {
            throw Fail("setsockopt(buffer size)");
        }
    }

    private static unsafe bool TrySetInt(int fd, int level, int name, int value) => setsockopt(fd, level, name, &value, sizeof(int)) == 0;

    private static NetlinkException Fail(string operation) => new(errno, operation, null);
}
