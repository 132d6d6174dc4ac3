using LvsOperator.Core.Compilation;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Publishing;

/// <summary>
/// What an agent agrees to program from a NodeSlice (issue 13). The controller is not the only writer of a
/// slice's spec (anyone with RBAC on NodeSlices is), and the agent is privileged, so a slice must stay within
/// what the compiler ever produces: global unicast VIPs on well-formed interface names; links with such names,
/// never <c>lo</c>, and only the kernel's own tunnel devices as existing links; the sysctls of
/// <see cref="Sysctls"/> with their values; and the CRD's list bounds, should the CRD ever lack them.
/// </summary>
internal static class SliceGuard
{
    private const int MaxServices = 256;
    private const int MaxDestinations = 1024;
    private const int MaxAddresses = 64;
    private const int MaxLinks = 8;
    private const int MaxSysctls = 64;

    /// <summary>IFNAMSIZ is 16 with the terminating NUL (include/uapi/linux/if.h).</summary>
    private const int MaxInterfaceName = 15;

    private static readonly string[] KernelTunnels = ["tunl0", "ip6tnl0"];

    /// <exception cref="FormatException">The slice asks for something the agent must not program.</exception>
    public static void Check(NodeSliceSpec spec)
    {
        Bound("services", spec.Services.Count, MaxServices);
        foreach (var service in spec.Services) Bound("destinations of a service", service.Destinations.Count, MaxDestinations);
        Bound("addresses", spec.Addresses.Count, MaxAddresses);
        Bound("links", spec.Links.Count, MaxLinks);
        Bound("sysctls", spec.Sysctls.Count, MaxSysctls);

        foreach (var link in spec.Links)
        {
            if (!IsInterfaceName(link.Name) || link.Name == "lo") throw new FormatException($"link \"{link.Name}\" is not a name the agent may create or bring up");
            if (link.Kind == "Existing" && !KernelTunnels.Contains(link.Name))
                throw new FormatException($"link \"{link.Name}\": only the kernel's tunnel devices ({string.Join(", ", KernelTunnels)}) are existing links");
        }

        foreach (var address in spec.Addresses)
        {
            if (!IsInterfaceName(address.Interface)) throw new FormatException($"address {address.Address}: \"{address.Interface}\" is no interface name");
            if (IpAddresses.TryParse(address.Address, out var ip) && !IpAddresses.IsGlobalUnicast(ip))
                throw new FormatException($"address {address.Address}: {Messages.VipNotGlobalUnicast}");
        }

        foreach (var service in spec.Services)
            if (service.Address is { } vip && IpAddresses.TryParse(vip, out var ip) && !IpAddresses.IsGlobalUnicast(ip))
                throw new FormatException($"service address {vip}: {Messages.VipNotGlobalUnicast}");

        foreach (var sysctl in spec.Sysctls)
            if (!Allowed(sysctl)) throw new FormatException($"sysctl {sysctl.Name}={sysctl.Value} is not one the project sets");
    }

    /// <summary>
    /// The global sysctls at 1, and the per-interface ARP and reverse-path ones at the values the compiler sets. A
    /// slice may be split from the one that declares its links, so the interface is held to a name only.
    /// </summary>
    private static bool Allowed(SliceSysctl sysctl)
    {
        string[] global = [Sysctls.IPv4Forward, Sysctls.IPv6Forward, Sysctls.IpvsConntrack, Sysctls.ExpireNoDestinationConnection, Sysctls.ExpireQuiescentTemplate];
        if (global.Contains(sysctl.Name)) return sysctl.Value == "1";
        var parts = sysctl.Name.Split('.');
        if (parts is not ["net", "ipv4", "conf", var name, _] || !IsInterfaceName(name)) return false;
        return Sysctls.ArpSuppression(name).Concat(Sysctls.LooseReversePath(name)).Contains((sysctl.Name, sysctl.Value));
    }

    private static bool IsInterfaceName(string name) =>
        name.Length is > 0 and <= MaxInterfaceName && name is not ("." or "..") && name.All(c => c > ' ' && c < 127 && c is not ('/' or ':'));

    private static void Bound(string what, int count, int max)
    {
        if (count > max) throw new FormatException($"{count} {what}: at most {max}");
    }
}
