using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LvsOperator.Health.Polling;

/// <summary>
/// A target's check address as the kernel takes it, built once per target: a <c>sockaddr_in</c> in the first 16
/// bytes of a <c>sockaddr_in6</c> for IPv4 (include/uapi/linux/in.h), the whole of it for IPv6 (in6.h).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ConnectAddress
{
    private sockaddr_in6 _address;

    public int Family { get; private set; }

    public int Length { get; private set; }

    public static unsafe ConnectAddress Of(IPAddress address, ushort port)
    {
        var result = new ConnectAddress();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var v4 = (sockaddr_in*)&result._address;
            v4->sin_family = AF_INET;
            v4->sin_port = htons(port);
            address.TryWriteBytes(new Span<byte>(v4->sin_addr.s_addr, 4), out _);
            (result.Family, result.Length) = (AF_INET, sizeof(sockaddr_in));
        }
        else
        {
            result._address.sin6_family = AF_INET6;
            result._address.sin6_port = htons(port);
            result._address.sin6_scope_id = (uint)address.ScopeId;
            address.TryWriteBytes(new Span<byte>(result._address.sin6_addr.s6_addr, 16), out _);
            (result.Family, result.Length) = (AF_INET6, sizeof(sockaddr_in6));
        }

        return result;
    }

    /// <summary>connect(2) on <paramref name="fd"/>: 0, or the errno (EINPROGRESS: a non-blocking one still at it).</summary>
    public unsafe int Connect(int fd)
    {
        fixed (sockaddr_in6* address = &_address)
        {
            return connect(fd, (sockaddr*)address, Length) == 0 ? 0 : errno;
        }
    }
}
