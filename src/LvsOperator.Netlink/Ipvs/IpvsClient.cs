using System.Buffers;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Connection;
using LvsOperator.Netlink.Generic;
using static LvsOperator.Netlink.Ipvs.IpvsNetlink;

namespace LvsOperator.Netlink.Ipvs;

/// <summary>
/// <see cref="IIpvsClient"/> over generic netlink. One socket for the client's life and the
/// family id resolved once per connection (ipvsadm opens a socket and resolves the family for
/// every command). Opened in the network namespace of the calling thread.
/// </summary>
public sealed class IpvsClient : IIpvsClient
{
    /// <summary>Attempts at a service dump before reporting it inconsistent.</summary>
    private const int DumpAttempts = 3;

    private readonly NetlinkConnection _connection;
    private readonly ushort _familyId;
    private readonly IpvsServiceCounter? _counter;

    internal IpvsClient(NetlinkConnection connection, GenericNetlinkFamily family, IpvsServiceCounter? counter = null)
    {
        _connection = connection;
        _familyId = family.Id;
        _counter = counter;
        Family = family;
    }

    /// <summary>The resolved <c>IPVS</c> family.</summary>
    public GenericNetlinkFamily Family { get; }

    /// <summary>Opens a connection and resolves the IPVS family (autoloading <c>ip_vs</c>).</summary>
    public static async Task<IpvsClient> OpenAsync(NetlinkConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        NetlinkConnection connection = NetlinkConnection.OpenGeneric(options);
        IpvsServiceCounter? counter = IpvsServiceCounter.TryOpen();
        try
        {
            GenericNetlinkFamily family = await GenericNetlinkFamily.ResolveAsync(connection, IPVS_GENL_NAME, cancellationToken).ConfigureAwait(false);
            return new IpvsClient(connection, family, counter);
        }
        catch
        {
            counter?.Dispose();
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task<IpvsInfo> GetInfoAsync(CancellationToken cancellationToken = default)
    {
        byte[] request = Encode(w => IpvsEncoder.Bare(w, _familyId, IPVS_CMD_GET_INFO, NetlinkMessageFlags.Ack));
        return Single(await _connection.RequestAsync(request, static m => IpvsDecoder.Info(m), "IPVS_CMD_GET_INFO", cancellationToken).ConfigureAwait(false), "IPVS_CMD_GET_INFO");
    }

    /// <summary>
    /// Dumps every service. The kernel resumes a service dump by position in a table shared by all
    /// namespaces (see <see cref="IpvsServiceCounter"/>), so a dump that repeats a service or
    /// disagrees with the namespace's service count is taken again, and after
    /// <see cref="DumpAttempts"/> tries fails with <see cref="NetlinkDumpInterruptedException"/>:
    /// an inconsistent dump is never returned as the table.
    /// </summary>
    public async Task<IReadOnlyList<IpvsService>> GetServicesAsync(CancellationToken cancellationToken = default)
    {
        const string operation = "IPVS_CMD_GET_SERVICE (dump)";
        byte[] request = Encode(w => IpvsEncoder.Bare(w, _familyId, IPVS_CMD_GET_SERVICE, NetlinkMessageFlags.Dump));
        for (int attempt = 1; ; attempt++)
        {
            List<IpvsService> services = await _connection.DumpAsync(request, static m => IpvsDecoder.Service(m), operation, cancellationToken).ConfigureAwait(false);
            uint? count = _counter?.Count();
            bool repeated = services.Select(s => s.Key).Distinct().Count() != services.Count;
            int ipv4 = services.Count(s => s.Key.Family == System.Net.Sockets.AddressFamily.InterNetwork);
            if (!repeated && (count is null || count == ipv4))
            {
                return services;
            }

            if (attempt == DumpAttempts)
            {
                throw new NetlinkDumpInterruptedException(operation, repeated
                    ? "the dump repeated a service: the kernel's shared service table changed during it"
                    : $"the dump held {ipv4} IPv4 services, the namespace has {count}: the kernel's shared service table changed during it");
            }
        }
    }

    /// <inheritdoc/>
    public async Task<IpvsService> GetServiceAsync(IpvsServiceKey key, CancellationToken cancellationToken = default)
    {
        byte[] request = Encode(w => IpvsEncoder.ServiceKeyCommand(w, _familyId, IPVS_CMD_GET_SERVICE, key, NetlinkMessageFlags.Ack));
        return Single(await _connection.RequestAsync(request, static m => IpvsDecoder.Service(m), "IPVS_CMD_GET_SERVICE", cancellationToken).ConfigureAwait(false), "IPVS_CMD_GET_SERVICE");
    }

    /// <inheritdoc/>
    public Task AddServiceAsync(IpvsService service, CancellationToken cancellationToken = default) =>
        SendAsync(w => IpvsEncoder.ServiceCommand(w, _familyId, IPVS_CMD_NEW_SERVICE, service), IPVS_CMD_NEW_SERVICE, cancellationToken);

    /// <inheritdoc/>
    public Task UpdateServiceAsync(IpvsService service, CancellationToken cancellationToken = default) =>
        SendAsync(w => IpvsEncoder.ServiceCommand(w, _familyId, IPVS_CMD_SET_SERVICE, service), IPVS_CMD_SET_SERVICE, cancellationToken);

    /// <inheritdoc/>
    public Task DeleteServiceAsync(IpvsServiceKey key, CancellationToken cancellationToken = default) =>
        SendAsync(w => IpvsEncoder.ServiceKeyCommand(w, _familyId, IPVS_CMD_DEL_SERVICE, key, NetlinkMessageFlags.Ack), IPVS_CMD_DEL_SERVICE, cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<IpvsDestination>> GetDestinationsAsync(IpvsServiceKey service, CancellationToken cancellationToken = default)
    {
        byte[] request = Encode(w => IpvsEncoder.ServiceKeyCommand(w, _familyId, IPVS_CMD_GET_DEST, service, NetlinkMessageFlags.Dump));
        System.Net.Sockets.AddressFamily family = service.Family;
        return await _connection.DumpAsync(request, m => IpvsDecoder.Destination(m, family), "IPVS_CMD_GET_DEST (dump)", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task AddDestinationAsync(IpvsServiceKey service, IpvsDestination destination, CancellationToken cancellationToken = default) =>
        SendAsync(w => IpvsEncoder.DestinationCommand(w, _familyId, IPVS_CMD_NEW_DEST, service, destination, full: true), IPVS_CMD_NEW_DEST, cancellationToken);

    /// <inheritdoc/>
    public Task UpdateDestinationAsync(IpvsServiceKey service, IpvsDestination destination, CancellationToken cancellationToken = default) =>
        SendAsync(w => IpvsEncoder.DestinationCommand(w, _familyId, IPVS_CMD_SET_DEST, service, destination, full: true), IPVS_CMD_SET_DEST, cancellationToken);

    /// <inheritdoc/>
    public Task DeleteDestinationAsync(IpvsServiceKey service, IpvsDestinationKey destination, CancellationToken cancellationToken = default) =>
        SendAsync(w => IpvsEncoder.DestinationCommand(w, _familyId, IPVS_CMD_DEL_DEST, service, new IpvsDestination(destination.Address, destination.Port), full: false), IPVS_CMD_DEL_DEST, cancellationToken);

    /// <inheritdoc/>
    public async Task<IpvsTimeouts> GetTimeoutsAsync(CancellationToken cancellationToken = default)
    {
        byte[] request = Encode(w => IpvsEncoder.Bare(w, _familyId, IPVS_CMD_GET_CONFIG, NetlinkMessageFlags.Ack));
        return Single(await _connection.RequestAsync(request, static m => IpvsDecoder.Timeouts(m), "IPVS_CMD_GET_CONFIG", cancellationToken).ConfigureAwait(false), "IPVS_CMD_GET_CONFIG");
    }

    /// <inheritdoc/>
    public Task SetTimeoutsAsync(IpvsTimeouts timeouts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timeouts);
        return SendAsync(w => IpvsEncoder.SetTimeouts(w, _familyId, timeouts), IPVS_CMD_SET_CONFIG, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<IpvsSyncDaemon>> GetSyncDaemonsAsync(CancellationToken cancellationToken = default)
    {
        byte[] request = Encode(w => IpvsEncoder.Bare(w, _familyId, IPVS_CMD_GET_DAEMON, NetlinkMessageFlags.Dump));
        return await _connection.DumpAsync(request, static m => IpvsDecoder.Daemon(m), "IPVS_CMD_GET_DAEMON (dump)", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task StartSyncDaemonAsync(IpvsSyncDaemon daemon, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        return SendAsync(w => IpvsEncoder.NewDaemon(w, _familyId, daemon), IPVS_CMD_NEW_DAEMON, cancellationToken);
    }

    /// <inheritdoc/>
    public Task StopSyncDaemonAsync(IpvsSyncState state, CancellationToken cancellationToken = default) =>
        SendAsync(w => IpvsEncoder.DelDaemon(w, _familyId, state), IPVS_CMD_DEL_DAEMON, cancellationToken);

    /// <inheritdoc/>
    public async Task<IpvsBatchResult> ExecuteAsync(IReadOnlyList<IpvsOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, operations.Count * 128));
        var writer = new NetlinkWriter(buffer);
        foreach (IpvsOperation operation in operations)
        {
            IpvsBatchEncoding.Write(writer, _familyId, operation);
        }

        NetlinkBatchResult result = await _connection.ExecuteBatchAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        var errors = new NetlinkException?[operations.Count];
        for (int i = 0; i < errors.Length; i++)
        {
            int errno = result.GetErrno(i);
            if (errno != 0)
            {
                errors[i] = new NetlinkException(errno, IpvsBatchEncoding.Describe(operations[i]), result.GetExtendedAckMessage(i));
            }
        }

        return new IpvsBatchResult(errors);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _counter?.Dispose();
        _connection.Dispose();
    }

    private Task SendAsync(Action<NetlinkWriter> encode, byte command, CancellationToken cancellationToken) =>
        _connection.RequestAsync(Encode(encode), CommandName(command), cancellationToken);

    private static byte[] Encode(Action<NetlinkWriter> encode)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        encode(new NetlinkWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    private static T Single<T>(List<T> replies, string operation) =>
        replies.Count == 1 ? replies[0] : throw new Codec.NetlinkProtocolException($"{operation}: expected one reply, got {replies.Count}.");
}
