using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LvsOperator.Health.Polling;

/// <summary>
/// The few socket calls a TCP check makes, straight to libc: no <see cref="System.Net.Sockets.Socket"/> object,
/// no SafeHandle, nothing the runtime's own epoll thread sees. Each returns the errno rather than throwing, since
/// a failed check is an ordinary result.
/// </summary>
internal static unsafe class NativeSockets
{
    private static readonly string?[] Texts = new string?[256];

    /// <summary>
    /// A non-blocking TCP socket that closes with a reset (SO_LINGER 0, see <see cref="Checks.TcpConnectCheck"/>
    /// for why), or the negated errno.
    /// </summary>
    public static int OpenResetOnClose(int family)
    {
        var fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
        if (fd < 0) return -errno;
        var reset = new linger { l_onoff = 1, l_linger = 0 };
        if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, (uint)sizeof(linger)) == 0) return fd;
        var error = errno;
        _ = close(fd);
        return -error;
    }

    /// <summary>SO_ERROR: why a connect that epoll reported failed (and clears it).</summary>
    public static int PendingError(int fd)
    {
        int error = 0;
        var length = (socklen_t)sizeof(int);
        return getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 ? error : errno;
    }

    /// <summary>close(2): Linux frees the descriptor whatever it answers (even EINTR); nothing to retry.</summary>
    public static void Close(int fd) => _ = close(fd);

    /// <summary>strerror(3) text, as a <see cref="System.Net.Sockets.SocketException"/> says it; once per errno.</summary>
    public static string Text(int error)
    {
        if ((uint)error >= (uint)Texts.Length) return Marshal.GetPInvokeErrorMessage(error);
        return Texts[error] ??= Marshal.GetPInvokeErrorMessage(error);
    }
}
