using System.Buffers;
using System.Net.Sockets;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Connection;
using LvsOperator.Netlink.Generic;
using LvsOperator.Netlink.Route;
using static LvsOperator.Netlink.Fou.FouNetlink;

namespace LvsOperator.Netlink.Fou;

/// <summary>
/// fou receive ports over generic netlink, what <c>ip fou add/del/show</c> does. One socket for the client's life,
/// the family resolved once; opened in the network namespace of the calling thread (the kernel keeps ports per
/// namespace).
/// </summary>
public sealed class FouClient : IDisposable
{
    private readonly NetlinkConnection _connection;
    private readonly ushort _familyId;

    internal FouClient(NetlinkConnection connection, GenericNetlinkFamily family)
    {
        _connection = connection;
        _familyId = family.Id;
    }

    /// <summary>
    /// Opens a connection and resolves the <c>fou</c> family, loading the module if it is not loaded. fou declares no
    /// generic netlink alias (no <c>MODULE_ALIAS_GENL_FAMILY</c> in net/ipv4/fou_core.c, none in modules.alias of 6.1),
    /// so resolving alone cannot load it; on ENOENT the client asks for a network device named <c>fou</c>, which makes
    /// <c>dev_load()</c> (net/core/dev_ioctl.c) request the module by that plain name for a caller with CAP_SYS_MODULE.
    /// The kernel runs the host's modprobe, as for <c>tunl0</c> (<see cref="NetworkDeviceRequest"/>).
    /// </summary>
    /// <exception cref="NetlinkException">ENOENT when fou is still not there (no module, or no CAP_SYS_MODULE).</exception>
    public static async Task<FouClient> OpenAsync(NetlinkConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        NetlinkConnection connection = NetlinkConnection.OpenGeneric(options);
        try
        {
            GenericNetlinkFamily family;
            try
            {
                family = await GenericNetlinkFamily.ResolveAsync(connection, FOU_GENL_NAME, cancellationToken).ConfigureAwait(false);
            }
            catch (NetlinkException e) when (e.Errno == Errnos.ENOENT)
            {
                RequestModule();
                family = await GenericNetlinkFamily.ResolveAsync(connection, FOU_GENL_NAME, cancellationToken).ConfigureAwait(false);
            }

            return new FouClient(connection, family);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Every receive port of the namespace (<c>ip fou show</c>).</summary>
    public async Task<IReadOnlyList<FouPort>> GetPortsAsync(CancellationToken cancellationToken = default) =>
        await _connection.DumpAsync(Encode(w => FouEncoder.Dump(w, _familyId)), static m => FouDecoder.Port(m), "FOU_CMD_GET (dump)", cancellationToken).ConfigureAwait(false);

    /// <summary>Opens a GUE port on every local address (<c>ip fou add port P gue [-6]</c>).</summary>
    /// <exception cref="NetlinkException">
    /// EADDRINUSE when the port is open already or another socket holds it (the kernel binds the UDP socket before it
    /// looks for an open port of that family, whose EALREADY is then not reached).
    /// </exception>
    public Task AddGuePortAsync(ushort port, AddressFamily family, CancellationToken cancellationToken = default) =>
        SendAsync(FOU_CMD_ADD, port, family, cancellationToken);

    /// <summary>Closes a port (<c>ip fou del port P gue [-6]</c>).</summary>
    /// <exception cref="NetlinkException">EINVAL when no such port is open (<c>fou_destroy</c>'s answer, not ENOENT).</exception>
    public Task DeletePortAsync(ushort port, AddressFamily family, CancellationToken cancellationToken = default) =>
        SendAsync(FOU_CMD_DEL, port, family, cancellationToken);

    public void Dispose() => _connection.Dispose();

    private Task SendAsync(byte command, ushort port, AddressFamily family, CancellationToken cancellationToken) =>
        _connection.RequestAsync(Encode(w => FouEncoder.GuePort(w, _familyId, command, port, family)), CommandName(command), cancellationToken);

    private static void RequestModule()
    {
        try
        {
            NetworkDeviceRequest.Request(FOU_GENL_NAME);
        }
        catch (NetlinkException e) when (e.Errno == Errnos.ENODEV)
        {
            // Expected: loading fou creates no device of that name. Whether it loaded, the second resolve tells.
        }
    }

    private static byte[] Encode(Action<NetlinkWriter> encode)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        encode(new NetlinkWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
