using System.Net.Sockets;

namespace LvsOperator.Core.Resources;

/// <summary>The resources' <see cref="IpFamily"/> and the sockets' <see cref="AddressFamily"/>, one to the other.</summary>
public static class IpFamilies
{
    public static AddressFamily ToAddressFamily(this IpFamily family) => ((IpFamily?)family).ToAddressFamily();

    /// <summary>An unset family is IPv4, as the CRDs default it.</summary>
    public static AddressFamily ToAddressFamily(this IpFamily? family) =>
        family == IpFamily.IPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    public static IpFamily ToIpFamily(this AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;
}
