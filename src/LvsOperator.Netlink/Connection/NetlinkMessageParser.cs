using LvsOperator.Netlink.Codec;

namespace LvsOperator.Netlink.Connection;

/// <summary>Turns one reply message into a value; runs while the receive buffer is still valid.</summary>
public delegate T NetlinkMessageParser<out T>(NetlinkMessage message);
