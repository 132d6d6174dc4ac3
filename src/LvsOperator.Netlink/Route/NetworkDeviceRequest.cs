using System.Text;
using static Tmds.Linux.LibC;

namespace LvsOperator.Netlink.Route;

/// <summary>
/// Asks the kernel for a network device by name, so that it loads the module that provides it. rtnetlink looks
/// devices up without loading anything; the <c>SIOCGIFINDEX</c> ioctl goes through the kernel's
/// <c>dev_load()</c> (net/core/dev_ioctl.c), which, for a caller with CAP_NET_ADMIN, requests the module alias
/// <c>netdev-NAME</c>: <c>ipip</c> declares <c>MODULE_ALIAS_NETDEV("tunl0")</c>, and loading it creates
/// <c>tunl0</c> in every namespace. The kernel runs the host's modprobe, so this works from a container too.
/// </summary>
public static class NetworkDeviceRequest
{
    /// <summary><c>IFNAMSIZ</c> (include/uapi/linux/if.h).</summary>
    private const int IFNAMSIZ = 16;

    /// <summary><c>sizeof(struct ifreq)</c> on 64-bit Linux: the name, then a 24-byte union.</summary>
    private const int IfreqSize = 40;

    /// <returns>The device's index once it exists.</returns>
    /// <exception cref="NetlinkException">ENODEV when no module provides it, with the errno otherwise.</exception>
    public static unsafe int Request(string name)
    {
        var bytes = Encoding.ASCII.GetBytes(name);
        if (name.Length == 0 || bytes.Length >= IFNAMSIZ) throw new ArgumentException($"An interface name has 1 to {IFNAMSIZ - 1} characters.", nameof(name));
        var ifreq = stackalloc byte[IfreqSize];
        new Span<byte>(ifreq, IfreqSize).Clear();
        bytes.CopyTo(new Span<byte>(ifreq, IFNAMSIZ));

        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw new NetlinkException(errno, "socket(AF_INET) for SIOCGIFINDEX", null);
        try
        {
            if (ioctl(fd, SIOCGIFINDEX, ifreq) < 0) throw new NetlinkException(errno, $"SIOCGIFINDEX {name}", null);
            // struct ifreq: ifr_ifindex is the union's first int, right after the name.
            return *(int*)(ifreq + IFNAMSIZ);
        }
        finally
        {
            _ = close(fd); // a failed close of a socket that did nothing leaves nothing to undo
        }
    }
}
