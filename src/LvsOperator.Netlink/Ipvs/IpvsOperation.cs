namespace LvsOperator.Netlink.Ipvs;

/// <summary>The kind of an <see cref="IpvsOperation"/>.</summary>
public enum IpvsOperationKind
{
    /// <summary>NEW_SERVICE.</summary>
    AddService,

    /// <summary>SET_SERVICE.</summary>
    UpdateService,

    /// <summary>DEL_SERVICE.</summary>
    DeleteService,

    /// <summary>NEW_DEST.</summary>
    AddDestination,

    /// <summary>SET_DEST.</summary>
    UpdateDestination,

    /// <summary>DEL_DEST.</summary>
    DeleteDestination,
}

/// <summary>One change in a batch for <see cref="IIpvsClient.ExecuteAsync"/>.</summary>
public sealed record IpvsOperation
{
    private IpvsOperation(IpvsOperationKind kind, IpvsServiceKey serviceKey, IpvsService? service, IpvsDestination? destination)
    {
        Kind = kind;
        ServiceKey = serviceKey;
        Service = service;
        Destination = destination;
    }

    /// <summary>What to do.</summary>
    public IpvsOperationKind Kind { get; }

    /// <summary>The service concerned.</summary>
    public IpvsServiceKey ServiceKey { get; }

    /// <summary>The service, for add and update.</summary>
    public IpvsService? Service { get; }

    /// <summary>The destination, for destination operations (only its key matters for delete).</summary>
    public IpvsDestination? Destination { get; }

    /// <summary>Add a service.</summary>
    public static IpvsOperation AddService(IpvsService service) => new(IpvsOperationKind.AddService, Require(service).Key, service, null);

    /// <summary>Update a service.</summary>
    public static IpvsOperation UpdateService(IpvsService service) => new(IpvsOperationKind.UpdateService, Require(service).Key, service, null);

    /// <summary>Delete a service.</summary>
    public static IpvsOperation DeleteService(IpvsServiceKey key) => new(IpvsOperationKind.DeleteService, key, null, null);

    /// <summary>Add a destination.</summary>
    public static IpvsOperation AddDestination(IpvsServiceKey service, IpvsDestination destination) =>
        new(IpvsOperationKind.AddDestination, service, null, Require(destination));

    /// <summary>Update a destination.</summary>
    public static IpvsOperation UpdateDestination(IpvsServiceKey service, IpvsDestination destination) =>
        new(IpvsOperationKind.UpdateDestination, service, null, Require(destination));

    /// <summary>Delete a destination.</summary>
    public static IpvsOperation DeleteDestination(IpvsServiceKey service, IpvsDestinationKey destination) =>
        new(IpvsOperationKind.DeleteDestination, service, null, new IpvsDestination(destination.Address, destination.Port));

    private static T Require<T>(T value)
        where T : class => value ?? throw new ArgumentNullException(nameof(value));
}
