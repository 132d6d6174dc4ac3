using LvsOperator.Core.Kernel;

namespace LvsOperator.Core.Planning;

/// <summary>
/// Plans a TUN real server's GUE receive ports. A missing port is opened with the node's other "up" operations; a port
/// already open as GUE is enough, whoever opened it; one the ledger says the agent opened is closed last, like links,
/// once nothing wants it. A port open with another encapsulation or binding is not the agent's to change: reported.
/// </summary>
internal static class GuePortPlanner
{
    public static void Plan(NodeDesiredState desired, ObservedState observed, OwnedState owned, PlanBuilder plan)
    {
        foreach (var port in desired.GuePorts)
        {
            if (!observed.FouPorts.TryGetValue(port, out var gue)) plan.Up(new AddGuePort(port));
            else if (!gue) plan.Conflict(Subject(port), "is open with another encapsulation or binding and was not opened by LvsOperator; it is left alone");
        }

        foreach (var port in owned.GuePorts.Order())
            if (!desired.GuePorts.Contains(port)) plan.Last(new DeleteGuePort(port));
    }

    /// <summary>What conflicts and failures about <paramref name="port"/> are filed under.</summary>
    public static string Subject(FouPortKey port) => $"fou {port}";
}
