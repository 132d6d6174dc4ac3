using System.Buffers;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Connection;
using static LvsOperator.Netlink.Route.RouteNetlink;

namespace LvsOperator.Netlink.Route;

/// <summary>
/// The rtnetlink operations a director needs: links (list, look up, create/delete <c>dummy</c>,
/// up/down, <c>tunl0</c>) and addresses (list, add/delete a VIP). Opened in the network
/// namespace of the calling thread.
/// </summary>
public sealed class RouteNetlinkClient : IDisposable
{
    private readonly NetlinkConnection _connection;

    internal RouteNetlinkClient(NetlinkConnection connection) => _connection = connection;

    /// <summary>Opens an rtnetlink socket.</summary>
    public static RouteNetlinkClient Open(NetlinkConnectionOptions? options = null) => new(NetlinkConnection.OpenRoute(options));

    /// <summary>Dumps every link (<c>RTM_GETLINK</c>, <c>NLM_F_DUMP</c>).</summary>
    public async Task<IReadOnlyList<NetworkLink>> GetLinksAsync(CancellationToken cancellationToken = default) =>
        await _connection.DumpAsync(
            Encode(w => RouteEncoder.LinkRequest(w, RTM_GETLINK, NetlinkMessageFlags.Dump, 0, 0, 0, null, null)),
            static m => RouteDecoder.Link(m), "RTM_GETLINK (dump)", cancellationToken).ConfigureAwait(false);

    /// <summary>Looks a link up by name (<c>RTM_GETLINK</c> with <c>IFLA_IFNAME</c>); ENODEV if there is none.</summary>
    public async Task<NetworkLink> GetLinkAsync(string name, CancellationToken cancellationToken = default)
    {
        CheckName(name);
        List<NetworkLink> links = await _connection.RequestAsync(
            Encode(w => RouteEncoder.LinkRequest(w, RTM_GETLINK, NetlinkMessageFlags.Ack, 0, 0, 0, name, null)),
            static m => RouteDecoder.Link(m), "RTM_GETLINK " + name, cancellationToken).ConfigureAwait(false);
        return links.Count == 1 ? links[0] : throw new NetlinkProtocolException($"RTM_GETLINK {name}: expected one reply, got {links.Count}.");
    }

    /// <summary>Creates a <c>dummy</c> link (<c>RTM_NEWLINK</c>, <c>IFLA_LINKINFO</c>/<c>IFLA_INFO_KIND</c>); EEXIST if the name is taken.</summary>
    public Task CreateDummyLinkAsync(string name, CancellationToken cancellationToken = default) => CreateLinkAsync(name, "dummy", cancellationToken);

    /// <summary>
    /// Creates a link of a kind that needs no further attributes (<c>dummy</c>, <c>bridge</c>);
    /// EEXIST if the name is taken, EOPNOTSUPP if the kernel lacks the kind.
    /// </summary>
    public Task CreateLinkAsync(string name, string kind, CancellationToken cancellationToken = default)
    {
        CheckName(name);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        return _connection.RequestAsync(
            Encode(w => RouteEncoder.LinkRequest(w, RTM_NEWLINK, NetlinkMessageFlags.Ack | NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive, 0, 0, 0, name, kind)),
            $"RTM_NEWLINK {kind} {name}", cancellationToken);
    }

    /// <summary>Deletes a link by index (<c>RTM_DELLINK</c>); ENODEV if it does not exist.</summary>
    public Task DeleteLinkAsync(int index, CancellationToken cancellationToken = default) =>
        _connection.RequestAsync(
            Encode(w => RouteEncoder.LinkRequest(w, RTM_DELLINK, NetlinkMessageFlags.Ack, index, 0, 0, null, null)),
            "RTM_DELLINK " + index.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

    /// <summary>Sets a link up or down (<c>RTM_NEWLINK</c> with <c>ifi_change = IFF_UP</c>).</summary>
    public Task SetLinkUpAsync(int index, bool up, CancellationToken cancellationToken = default) =>
        _connection.RequestAsync(
            Encode(w => RouteEncoder.LinkRequest(w, RTM_NEWLINK, NetlinkMessageFlags.Ack, index, up ? IFF_UP : 0, IFF_UP, null, null)),
            (up ? "RTM_NEWLINK up " : "RTM_NEWLINK down ") + index.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

    /// <summary>
    /// Finds <c>tunl0</c> (present in every namespace once <c>ipip</c> is loaded) and sets it up;
    /// ENODEV if <c>ipip</c> is not loaded.
    /// </summary>
    public async Task<NetworkLink> BringUpTunl0Async(CancellationToken cancellationToken = default)
    {
        NetworkLink link = await GetLinkAsync("tunl0", cancellationToken).ConfigureAwait(false);
        if (!link.IsUp)
        {
            await SetLinkUpAsync(link.Index, up: true, cancellationToken).ConfigureAwait(false);
        }

        return await GetLinkAsync("tunl0", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Dumps addresses (<c>RTM_GETADDR</c>), of one family or all.</summary>
    public async Task<IReadOnlyList<InterfaceAddress>> GetAddressesAsync(AddressFamily? family = null, CancellationToken cancellationToken = default) =>
        await _connection.DumpAsync(
            Encode(w => RouteEncoder.AddressDump(w, family)),
            static m => RouteDecoder.Address(m), "RTM_GETADDR (dump)", cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Adds an address (<c>RTM_NEWADDR</c>, <c>NLM_F_CREATE|NLM_F_EXCL</c>); EEXIST if it is there.
    /// </summary>
    public Task AddAddressAsync(int interfaceIndex, IPAddress address, byte prefixLength, InterfaceAddressFlags flags = InterfaceAddressFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return _connection.RequestAsync(
            Encode(w => RouteEncoder.AddressRequest(w, RTM_NEWADDR, NetlinkMessageFlags.Ack | NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive, interfaceIndex, address, prefixLength, flags)),
            $"RTM_NEWADDR {address}/{prefixLength}", cancellationToken);
    }

    /// <summary>
    /// Adds a VIP as a host address: IPv4 /32 or IPv6 /128, with <c>IFA_F_NOPREFIXROUTE</c> (no
    /// prefix route) and, for IPv6, <c>IFA_F_NODAD</c> (usable at once, no DAD delay).
    /// </summary>
    public Task AddVirtualAddressAsync(int interfaceIndex, IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        (byte prefix, InterfaceAddressFlags flags) = VirtualAddressShape(address);
        return AddAddressAsync(interfaceIndex, address, prefix, flags, cancellationToken);
    }

    /// <summary>Deletes an address (<c>RTM_DELADDR</c>); EADDRNOTAVAIL if it is not there.</summary>
    public Task DeleteAddressAsync(int interfaceIndex, IPAddress address, byte prefixLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return _connection.RequestAsync(
            Encode(w => RouteEncoder.AddressRequest(w, RTM_DELADDR, NetlinkMessageFlags.Ack, interfaceIndex, address, prefixLength, InterfaceAddressFlags.None)),
            $"RTM_DELADDR {address}/{prefixLength}", cancellationToken);
    }

    /// <summary>Deletes a VIP added by <see cref="AddVirtualAddressAsync"/>.</summary>
    public Task DeleteVirtualAddressAsync(int interfaceIndex, IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return DeleteAddressAsync(interfaceIndex, address, VirtualAddressShape(address).Prefix, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    internal static (byte Prefix, InterfaceAddressFlags Flags) VirtualAddressShape(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6
            ? ((byte)128, InterfaceAddressFlags.NoDad | InterfaceAddressFlags.NoPrefixRoute)
            : ((byte)32, InterfaceAddressFlags.NoPrefixRoute);

    private static void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 15)
        {
            throw new ArgumentException($"Interface name '{name}' is longer than IFNAMSIZ-1 (15).", nameof(name));
        }
    }

    private static byte[] Encode(Action<NetlinkWriter> encode)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        encode(new NetlinkWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
