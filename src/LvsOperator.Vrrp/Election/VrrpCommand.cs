namespace LvsOperator.Vrrp.Election;

/// <summary>
/// What a <see cref="VrrpInstance"/> asks its adapter to do, in order, after an event. The
/// subtypes are the whole vocabulary: <see cref="VrrpStateChanged"/>, <see cref="SendAdvertisement"/>,
/// <see cref="AddVirtualAddresses"/>, <see cref="RemoveVirtualAddresses"/>,
/// <see cref="AnnounceVirtualAddresses"/>, <see cref="LowerPriorityAdvertisementAnswered"/> and
/// <see cref="AdvertisementRejected"/>.
/// </summary>
public abstract record VrrpCommand;
