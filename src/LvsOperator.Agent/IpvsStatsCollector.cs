using LvsOperator.Netlink.Ipvs;
using Prometheus;

namespace LvsOperator.Agent;

/// <summary>
/// Exports the kernel's IPVS counters at scrape time, named and labelled like node_exporter's ipvs
/// collector (<c>local_address</c>, <c>local_port</c>, <c>local_mark</c>, <c>proto</c>, <c>remote_address</c>,
/// <c>remote_port</c>), with the <c>lvsoperator_</c> prefix so both can be scraped side by side.
/// </summary>
internal sealed class IpvsStatsCollector : IDisposable
{
    private static readonly string[] ServiceLabels = ["local_address", "local_port", "local_mark", "proto"];
    private static readonly string[] BackendLabels = [.. ServiceLabels, "remote_address", "remote_port"];

    private readonly SemaphoreSlim _gate = new(1);
    private IpvsClient? _ipvs;

    private readonly Counter _connections = Service("connections_total", "Connections scheduled by the service.");
    private readonly Counter _inPackets = Service("incoming_packets_total", "Packets in from clients.");
    private readonly Counter _outPackets = Service("outgoing_packets_total", "Packets out to clients (0 for DR and TUN: replies bypass the director).");
    private readonly Counter _inBytes = Service("incoming_bytes_total", "Bytes in from clients.");
    private readonly Counter _outBytes = Service("outgoing_bytes_total", "Bytes out to clients.");
    private readonly Gauge _connectionRate = Metrics.CreateGauge("lvsoperator_ipvs_connections_per_second", "The kernel's estimated connection rate.", ServiceLabels);
    private readonly Gauge _active = Backend("lvsoperator_ipvs_backend_connections_active", "Established connections of the destination (ActiveConn).");
    private readonly Gauge _inactive = Backend("lvsoperator_ipvs_backend_connections_inactive", "Other connections of the destination (InActConn).");
    private readonly Gauge _weight = Backend("lvsoperator_ipvs_backend_weight", "Weight of the destination; 0 while draining or quiescent.");

    public IpvsStatsCollector() => Metrics.DefaultRegistry.AddBeforeCollectCallback(CollectAsync);

    private async Task CollectAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _ipvs ??= await IpvsClient.OpenAsync(cancellationToken: cancellationToken);
            Clear();
            foreach (var service in await _ipvs.GetServicesAsync(cancellationToken))
            {
                var labels = Labels(service.Key);
                var stats = service.Stats ?? IpvsStats.Zero;
                _connections.WithLabels(labels).IncTo(stats.Connections);
                _inPackets.WithLabels(labels).IncTo(stats.InPackets);
                _outPackets.WithLabels(labels).IncTo(stats.OutPackets);
                _inBytes.WithLabels(labels).IncTo(stats.InBytes);
                _outBytes.WithLabels(labels).IncTo(stats.OutBytes);
                _connectionRate.WithLabels(labels).Set(stats.ConnectionsPerSecond);
                foreach (var destination in await _ipvs.GetDestinationsAsync(service.Key, cancellationToken))
                {
                    string[] backend = [.. labels, destination.Address.ToString(), destination.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)];
                    _active.WithLabels(backend).Set(destination.ActiveConnections);
                    _inactive.WithLabels(backend).Set(destination.InactiveConnections);
                    _weight.WithLabels(backend).Set(destination.Weight);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A scrape must not fail the agent; the next one opens a fresh connection.
            _ipvs?.Dispose();
            _ipvs = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Services and destinations that are gone must not linger as stale series.</summary>
    private void Clear()
    {
        foreach (var counter in new[] { _connections, _inPackets, _outPackets, _inBytes, _outBytes }) Clear(counter);
        foreach (var gauge in new[] { _connectionRate, _active, _inactive, _weight }) Clear(gauge);
    }

    private static void Clear<TChild>(Collector<TChild> collector) where TChild : ChildBase
    {
        foreach (var labels in collector.GetAllLabelValues().ToList()) collector.RemoveLabelled(labels);
    }

    private static string[] Labels(IpvsServiceKey key) => key.IsFirewallMark
        ? ["", "0", key.FirewallMark.ToString(System.Globalization.CultureInfo.InvariantCulture), ""]
        : [key.Address!.ToString(), key.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "", key.Protocol.ToString().ToUpperInvariant()];

    private static Counter Service(string name, string help) => Metrics.CreateCounter($"lvsoperator_ipvs_{name}", help, ServiceLabels);

    private static Gauge Backend(string name, string help) => Metrics.CreateGauge(name, help, BackendLabels);

    public void Dispose()
    {
        _ipvs?.Dispose();
        _gate.Dispose();
    }
}
