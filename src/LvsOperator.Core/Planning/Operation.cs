using LvsOperator.Core.Kernel;

namespace LvsOperator.Core.Planning;

/// <summary>One change to a node's kernel. A plan is an ordered list of these.</summary>
/// <remarks>
/// The operations are one closed family of one-line records, kept in this file so the whole vocabulary
/// of a plan reads in one place.
/// </remarks>
public abstract record Operation
{
    private protected Operation() { }

    /// <summary>
    /// The kernel object it changes, spelt as the planner names conflicts (<c>service TCP 192.0.2.1:80</c>,
    /// <c>link lvs0</c>): how a failure is blamed on the NodeSlices that asked for that object.
    /// </summary>
    public abstract string Subject { get; }
}

public sealed record SetSysctl(string Name, string Value, string Original) : Operation
{
    public override string Subject => $"sysctl {Name}";

    public override string ToString() => $"sysctl {Name}={Value} (was {Original})";
}

public sealed record RestoreSysctl(string Name, string Original) : Operation
{
    public override string Subject => $"sysctl {Name}";

    public override string ToString() => $"sysctl {Name}={Original} (restore)";
}

public sealed record CreateLink(string Name) : Operation
{
    public override string Subject => $"link {Name}";

    public override string ToString() => $"link add {Name} type dummy";
}

/// <summary>
/// A link the kernel creates once its module loads (<c>tunl0</c>, from <c>ipip</c>): asking for it by name makes
/// the kernel load the module, as an admin's <c>modprobe ipip</c> would.
/// </summary>
public sealed record RequestLink(string Name) : Operation
{
    public override string Subject => $"link {Name}";

    public override string ToString() => $"link {Name} (kernel module netdev-{Name})";
}

public sealed record SetLinkUp(string Name) : Operation
{
    public override string Subject => $"link {Name}";

    public override string ToString() => $"link set {Name} up";
}

public sealed record SetLinkDown(string Name) : Operation
{
    public override string Subject => $"link {Name}";

    public override string ToString() => $"link set {Name} down";
}

public sealed record DeleteLink(string Name) : Operation
{
    public override string Subject => $"link {Name}";

    public override string ToString() => $"link del {Name}";
}

public sealed record AddService(IpvsService Service) : Operation
{
    public override string Subject => $"service {Service.Key}";

    public override string ToString() => $"add service {Service.Key}";
}

public sealed record UpdateService(IpvsService Service) : Operation
{
    public override string Subject => $"service {Service.Key}";

    public override string ToString() => $"edit service {Service.Key}";
}

public sealed record DeleteService(ServiceKey Key) : Operation
{
    public override string Subject => $"service {Key}";

    public override string ToString() => $"delete service {Key}";
}

public sealed record AddDestination(ServiceKey Service, IpvsDestination Destination) : Operation
{
    public override string Subject => $"service {Service}";

    public override string ToString() => $"add destination {Destination.Key} to {Service} weight {Destination.Weight}";
}

public sealed record UpdateDestination(ServiceKey Service, IpvsDestination Destination) : Operation
{
    public override string Subject => $"service {Service}";

    public override string ToString() => $"edit destination {Destination.Key} of {Service} weight {Destination.Weight}";
}

/// <summary>
/// Weight 0: no new connections, established ones finish. Records when the drain started.
/// <paramref name="Destination"/> is the kernel's current entry with weight 0, since the kernel's
/// edit command takes every setting, not just the weight.
/// </summary>
public sealed record DrainDestination(ServiceKey Service, IpvsDestination Destination) : Operation
{
    public override string Subject => $"service {Service}";

    public override string ToString() => $"drain destination {Destination.Key} of {Service}";
}

public sealed record DeleteDestination(ServiceKey Service, DestinationKey Destination) : Operation
{
    public override string Subject => $"service {Service}";

    public override string ToString() => $"delete destination {Destination} of {Service}";
}

public sealed record AddAddress(InterfaceAddress Address) : Operation
{
    public override string Subject => $"address {Address}";

    public override string ToString() => $"address add {Address}";
}

public sealed record DeleteAddress(InterfaceAddress Address) : Operation
{
    public override string Subject => $"address {Address}";

    public override string ToString() => $"address del {Address}";
}

/// <summary>The agent's nftables table <c>inet lvsoperator</c> with its NAT chain at postrouting, created if missing.</summary>
public sealed record EnsureSourceNatChain : Operation
{
    public override string Subject => SourceNatPlanner.Subject;

    public override string ToString() => "nft add table inet lvsoperator; add chain postrouting (type nat, priority srcnat)";
}

/// <summary>Masquerades the NAT connections of one IPVS service (one rule, named by the service).</summary>
public sealed record AddSourceNat(ServiceKey Service) : Operation
{
    public override string Subject => $"service {Service}";

    public override string ToString() => $"source NAT add {Service}";
}

/// <summary>Deletes one rule of the agent's NAT chain by its handle; <paramref name="Service"/> is null for a rule that names none.</summary>
public sealed record DeleteSourceNat(ulong Handle, ServiceKey? Service) : Operation
{
    public override string Subject => SourceNatPlanner.Subject;

    public override string ToString() => $"source NAT delete {Service?.ToString() ?? "unnamed rule"} (handle {Handle})";
}

/// <summary>Opens a GUE receive port on every address: GUE datagrams to it are decapsulated, their IP-in-IP payload reaches <c>tunl0</c>.</summary>
public sealed record AddGuePort(FouPortKey Port) : Operation
{
    public override string Subject => GuePortPlanner.Subject(Port);

    public override string ToString() => $"fou add {Port} gue";
}

/// <summary>Closes a GUE receive port the agent opened, once no TUN service sends GUE to this node.</summary>
public sealed record DeleteGuePort(FouPortKey Port) : Operation
{
    public override string Subject => GuePortPlanner.Subject(Port);

    public override string ToString() => $"fou del {Port}";
}

/// <summary>Deletes the agent's nftables table, with its chain and rules, once no service needs source NAT.</summary>
public sealed record DeleteSourceNatTable : Operation
{
    public override string Subject => SourceNatPlanner.Subject;

    public override string ToString() => "nft delete table inet lvsoperator";
}
