using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LvsOperator.Netlink.Ipvs;

/// <summary>
/// The number of IPv4 services in this network namespace, from the legacy sockopt interface
/// (<c>getsockopt(IP_VS_SO_GET_INFO)</c> fills <c>struct ip_vs_getinfo</c>, whose
/// <c>num_services</c> is per namespace and, as ip_vs_add_service says, counts "only IPv4 services
/// for old get/setsockopt interface", fwmark ones included). Generic netlink does not report it, and a service dump
/// needs it: kernels up to at least 6.12 keep one service table for all namespaces and resume a
/// dump by position in it, so services added or removed in any namespace during a dump make it
/// repeat or skip entries, without <c>NLM_F_DUMP_INTR</c>. Comparing the IPv4 count catches the skips of IPv4 services; repeats are caught by key.
/// </summary>
internal sealed class IpvsServiceCounter : IDisposable
{
    /// <summary><c>IP_VS_SO_GET_INFO</c> = <c>IP_VS_BASE_CTL + 1</c> = 64 + 1024 + 64 + 1.</summary>
    private const int IP_VS_SO_GET_INFO = 1153;
    private int _fd;

    private IpvsServiceCounter(int fd) => _fd = fd;

    /// <summary>Opens the counter in the calling thread's namespace; null without CAP_NET_RAW.</summary>
    public static IpvsServiceCounter? TryOpen()
    {
        int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
        return fd < 0 ? null : new IpvsServiceCounter(fd);
    }

    /// <summary>The namespace's service count, or null if the kernel refused.</summary>
    public unsafe uint? Count()
    {
        // struct ip_vs_getinfo { unsigned int version; unsigned int size; unsigned int num_services; }
        uint* info = stackalloc uint[3];
        socklen_t length = 12;
        return _fd >= 0 && getsockopt(_fd, IPPROTO_IP, IP_VS_SO_GET_INFO, info, &length) == 0 && length == 12 ? info[2] : null;
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = close(fd);
        }
    }
}
