using System.Net.Sockets;
using static Tmds.Linux.LibC;

namespace LvsOperator.Netlink.Sockets;

/// <summary>
/// A raw IP socket for a protocol the BCL does not know. <c>new Socket(family, SocketType.Raw, (ProtocolType)112)</c>
/// never reaches the kernel: the runtime's native shim (<c>TryConvertProtocolTypePalToPlatform</c> in
/// pal_networking.c) lets through only the protocols it names for AF_INET/AF_INET6 and answers EPROTONOSUPPORT for
/// the rest, VRRP included (seen on the lab kernel: "Protocol not supported"). So socket(2) makes the descriptor and
/// a <see cref="Socket"/> wraps it; everything after that is the BCL's. It lives here because this assembly is
/// the one place that calls libc (the VRRP runtime opens protocol 112 with it).
/// </summary>
public static class RawIpSocket
{
    public static Socket Open(AddressFamily family, int protocol)
    {
        var domain = family == AddressFamily.InterNetworkV6 ? AF_INET6 : AF_INET;
        int fd = socket(domain, SOCK_RAW | SOCK_CLOEXEC, protocol);
        if (fd < 0) throw new SocketException(errno);
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }
}
