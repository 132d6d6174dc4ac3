using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Health.Bench;

/// <summary>
/// The least a TCP check can cost: socket, connect, close with a reset, blocking, back to back. What the checker
/// spends above this is its own (async sockets, timers, the scheduler).
/// </summary>
internal static class BlockingConnects
{
    public static (TimeSpan System, TimeSpan User) Measure(IReadOnlyList<HealthTarget> targets, Process process)
    {
        var endpoints = targets.Select(t => new IPEndPoint(t.Key.Destination.Address, t.Probe.Port)).ToList();
        process.Refresh();
        var (system, user) = (process.PrivilegedProcessorTime, process.UserProcessorTime);
        foreach (var endpoint in endpoints)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { LingerState = new LingerOption(true, 0) };
            socket.Connect(endpoint);
        }

        process.Refresh();
        return ((process.PrivilegedProcessorTime - system) / endpoints.Count, (process.UserProcessorTime - user) / endpoints.Count);
    }
}
