using System.Net;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Publishing;

/// <summary>
/// What an agent agrees to program from a NodeSlice (issue 13). The controller is not the only writer of a
/// slice's spec (anyone with RBAC on NodeSlices is), and the agent is privileged, so a slice must stay within
/// what the compiler ever produces, by value: global unicast VIPs on the interfaces the compiler puts VIPs on;
/// the compiler's links with their kinds (a dummy named <c>eth0</c> is not one); the sysctls of
/// <see cref="Sysctls.All"/> with their values; and the CRD's list bounds, should the CRD ever lack them.
/// </summary>
internal static class SliceGuard
{
    private const int MaxServices = 256;
    private const int MaxDestinations = 1024;
    private const int MaxAddresses = 64;
    private const int MaxLinks = 8;
    private const int MaxSysctls = 64;
    private const int MaxBgpPeers = 16;
    private const int MaxBgpRoutes = 64;

    /// <summary>IFNAMSIZ is 16 with the terminating NUL (include/uapi/linux/if.h).</summary>
    private const int MaxInterfaceName = 15;

    /// <summary>The controller compiles with the default options (ControllerLoop), so these are the names its slices hold.</summary>
    private static readonly CompilerOptions Controller = new();

    private static readonly IReadOnlyDictionary<string, LinkKind> Links = Controller.Links;
    private static readonly IReadOnlySet<string> AddressInterfaces = Controller.AddressInterfaces;
    private static readonly HashSet<(string, string)> SysctlValues = Sysctls.All(Controller).ToHashSet();

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
            if (!IsInterfaceName(link.Name) || !Links.TryGetValue(link.Name, out var kind))
                throw new FormatException($"link \"{link.Name}\" is not a name the agent may create or bring up (the project's links: {Listed(Links)})");
            if (link.Kind != kind.ToString()) throw new FormatException($"link \"{link.Name}\" is {kind}, not {link.Kind}");
        }

        foreach (var address in spec.Addresses)
        {
            if (!IsInterfaceName(address.Interface)) throw new FormatException($"address {address.Address}: \"{address.Interface}\" is no interface name");
            if (!AddressInterfaces.Contains(address.Interface))
                throw new FormatException($"address {address.Address}: \"{address.Interface}\" is not an interface the project puts VIPs on ({string.Join(", ", AddressInterfaces)})");
            if (IpAddresses.TryParse(address.Address, out var ip) && !IpAddresses.IsGlobalUnicast(ip))
                throw new FormatException($"address {address.Address}: {Messages.VipNotGlobalUnicast}");
        }

        foreach (var service in spec.Services)
            if (service.Address is { } vip && IpAddresses.TryParse(vip, out var ip) && !IpAddresses.IsGlobalUnicast(ip))
                throw new FormatException($"service address {vip}: {Messages.VipNotGlobalUnicast}");

        foreach (var sysctl in spec.Sysctls)
        {
            if (sysctl.Name.Split('.') is ["net", _, "conf", var name, _] && !IsInterfaceName(name))
                throw new FormatException($"sysctl {sysctl.Name}: \"{name}\" is no interface name");
            if (!SysctlValues.Contains((sysctl.Name, sysctl.Value))) throw new FormatException($"sysctl {sysctl.Name}={sysctl.Value} is not one the project sets");
        }

        CheckBgp(spec);
    }

    /// <summary>
    /// A slice announces only its own services' VIPs, to peers it names: whoever may write a NodeSlice must not
    /// make a director announce someone else's prefix (a route leak through the most privileged pod).
    /// </summary>
    private static void CheckBgp(NodeSliceSpec spec)
    {
        if (spec.Bgp is not { } bgp) return;
        Bound("bgp peers", bgp.Peers.Count, MaxBgpPeers);
        Bound("bgp routes", bgp.Routes.Count, MaxBgpRoutes);
        var vips = spec.Services.Select(s => s.Address).OfType<string>().Select(Parsed).OfType<IPAddress>().ToHashSet();
        var peers = bgp.Peers.Select(p => Parsed(p.Address)).OfType<IPAddress>().ToHashSet();
        foreach (var route in bgp.Routes)
        {
            if (Parsed(route.Address) is not { } vip || !vips.Contains(vip))
                throw new FormatException($"bgp route {route.Address} is not the address of a service of this slice");
            if (route.Peers.FirstOrDefault(p => Parsed(p) is not { } peer || !peers.Contains(peer)) is { } stranger)
                throw new FormatException($"bgp route {route.Address}: peer {stranger} is not one of the slice's peers");
        }
    }

    private static IPAddress? Parsed(string text) => IpAddresses.TryParse(text, out var address) ? address : null;

    private static string Listed(IReadOnlyDictionary<string, LinkKind> links) => string.Join(", ", links.Select(l => $"{l.Key} {l.Value}"));

    private static bool IsInterfaceName(string name) =>
        name.Length is > 0 and <= MaxInterfaceName && name is not ("." or "..") && name.All(c => c > ' ' && c < 127 && c is not ('/' or ':'));

    private static void Bound(string what, int count, int max)
    {
        if (count > max) throw new FormatException($"{count} {what}: at most {max}");
    }
}
