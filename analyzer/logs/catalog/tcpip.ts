/**
 * Microsoft-Windows-TCPIP (tcpip.sys): the connection, teardown, reset, retransmission and data
 * events the research notes list (shared/notes/etw-formats.md §1.3), with the latest manifest
 * version's fields in payload order and the tcpip.sys 10.0.22000 message text.
 *
 * Real output drifts from these texts between builds (the notes' 2025 samples of 1215 and 1332
 * are longer), which is why templateMatch.ts matches a prefix and reads `Name = value` pairs.
 * Left out: 1477 (TcpConnectionSummary, Win11), whose field list the notes give only in part; a
 * positional reader must not be handed a wrong order.
 */
import type { EventSpec } from './eventSpec';

export const TCPIP_PROVIDER = 'Microsoft-Windows-TCPIP';
export const TCPIP_GUID = '{2F07E2EE-15DB-40F1-90EF-9D7BA282188A}';

function e(id: number, name: string, fields: string, template: string | null): EventSpec {
  return { provider: TCPIP_PROVIDER, id, name, fields: fields === '' ? [] : fields.split(' '), template };
}

export const TCPIP_EVENTS: readonly EventSpec[] = [
  e(1001, 'TcpEndpointCreation', 'Status Endpoint AddressFamily Pid', 'TCP: endpoint %2 (Family=%3, PID=%4) created with status = %1.'),
  e(1002, 'TcpRequestConnect', 'Tcb LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress NewState RexmitCount', 'TCP: Tcb %1 (local=%3 remote=%5) requested to connect.'),
  e(1003, 'TcpInspectConnectComplete', 'Tcb Status AddressFamily', 'TCP: Inspect Connect has been completed on Tcb %1 with status = %2.'),
  e(1004, 'TcpTcbSynSend', 'Tcb ISN RcvWnd RcvWndScale', 'TCP: Tcb %1 is going to output SYN with ISN = %2, RcvWnd = %3, RcvWndScale = %4.'),
  e(1008, 'TcpBindEndpointComplete', 'Endpoint LocalAddressLength LocalAddress Status', 'TCP: endpoint (sockaddr=%2) bound.'),
  e(1009, 'TcpCloseEndpoint', 'Endpoint LocalAddressLength LocalAddress Status', 'TCP: endpoint (sockaddr=%2) closed.'),
  e(1014, 'TcpAccpetListenerRouteLookupFailure', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey', 'TCP: listener (local=%2 remote=%4) accept failed: Route lookup status = %5, TCB = %8.'),
  e(1015, 'TcpAcceptListenerInsertionFailure', 'Tcb LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress NewState RexmitCount', 'TCP: listener (local=%3 remote=%5) accept failed: connection insertion. Duplicate TCB = %1.'),
  e(1016, 'TcpAcceptListenerRejected', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey', 'TCP: listener (local=%2 remote=%4) accept failed: client rejection status = %5.'),
  e(1017, 'TcpAcceptListenerComplete', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey', 'TCP: listener (local=%2 remote=%4) accept completed. TCB = %8. PID = %6.'),
  e(1033, 'TcpConnectTcbComplete', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey', 'TCP: connection %8 (local=%2 remote=%4) connect completed. PID = %6.'),
  e(1034, 'TcpConnectTcbFailure', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey', 'TCP: connection %8 (local=%2 remote=%4) connect attempt failed with status = %5.'),
  e(1038, 'TcpCloseTcbRequest', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey', 'TCP: connection %8 (local=%2 remote=%4) close issued.'),
  e(1039, 'TcpAbortTcbRequest', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey', 'TCP: connection %8 (local=%2 remote=%4) abort issued.'),
  e(1040, 'TcpAbortTcbComplete', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey', 'TCP: connection %8 (local=%2 remote=%4) abort completed.'),
  e(1043, 'TcpDisconnectTcbComplete', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey Inspect', 'TCP: connection %8 (local=%2 remote=%4) disconnect completed.'),
  e(1044, 'TcpShutdownTcb', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey', 'TCP: connection %8 (local=%2 remote=%4) shutdown initiated (%5). PID = %6.'),
  e(1045, 'TcpConnectTcbTimeout', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey', 'TCP: connection %8 (local=%2 remote=%4) connect failed: connect-request timeout expired.'),
  e(1046, 'TcpDisconnectTcbRtoTimeout', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey', 'TCP: connection %8 (local=%2 remote=%4) terminating: retransmission timeout expired.'),
  e(1047, 'TcpDisconnectTcbKeepaliveTimeout', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey', 'TCP: connection %8 (local=%2 remote=%4) terminating: keep-alive timeout expired.'),
  e(1048, 'TcpDisconnectTcbTimeout', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey', 'TCP: connection %8 (local=%2 remote=%4) terminating: disconnect timeout expired.'),
  e(1051, 'TcpTcbStateChange', 'OldState NewState SndNxt Tcb', 'TCP: connection %4 transition from %1 to %2, SndNxt = %3.'),
  e(1064, 'TcpTcbStartTimer', 'Tcb TimerType WaitTimeMilliseconds Processor LastInterruptTime LastMicroseconds', 'TCP: Connection %1 %2 timer started. Scheduled to expire in %3 ms.'),
  e(1065, 'TcpTcbStopTimer', 'Tcb TimerType WaitTimeMilliseconds', 'TCP: Connection %1 stopping %2 timer.'),
  e(1066, 'TcpTcbExpireTimer', 'Tcb TimerType WaitTimeMilliseconds', 'TCP: Connection %1 %2 timer has expired.'),
  e(1074, 'TcpDataTransferReceive', 'Tcb NumBytes SeqNo NumPkt', 'TCP: connection %1: Received data with number of bytes = %2. ThSeq = %3.'),
  e(1123, 'TcpListenerActivated', 'Listener AddressLength SocketAddress Status ProcessId CompartmentId AddressFamily ProcessStartKey', 'TCP: listener %1 (sockaddr=%3) activated.'),
  e(1124, 'TcpListenerUnbound', 'Listener AddressLength SocketAddress Status ProcessId CompartmentId AddressFamily ProcessStartKey', 'TCP: listener %1 (sockaddr=%3) unbound.'),
  e(1156, 'TcpReceiveRequest', 'Tcb Delivery Request NumBytes RequestFlags Length RequestStatus IsUrgentDelivery FullySatisfiedORDelayedPush RcvNxt', 'TCP: connection %1, delivery %2, Request %3  posted for %4 bytes, flags = %5. RcvNxt = %10.'),
  e(1157, 'TcpDeliveryIndicated', 'Tcb Delivery Request NumBytes RequestFlags Length RequestStatus IsUrgentDelivery FullySatisfiedORDelayedPush RcvNxt', 'TCP: connection %1 delivery %2 indicated %4 bytes accepted %6 bytes, status = %7. RcvNxt = %10.'),
  e(1158, 'TcpDeliverySatisfied', 'Tcb Delivery Request NumBytes RequestFlags Length RequestStatus IsUrgentDelivery FullySatisfiedORDelayedPush RcvNxt', 'TCP: connection %1 delivery %2 satisfied %4 bytes %6 requested. IsFullySatisfied = %9. RcvNxt = %10.'),
  e(1159, 'TcpSendPosted', 'Tcb Injected NumBytes SndNxt SendAvailable ActivityID SndLimBytesSnd SndLimBytesRwin SndLimBytesCwnd CWnd SRtt LossRecoveryEpisodes RtoEpisodes PtoEpisodes', 'TCP: connection %1 send %2 %3 bytes at %4.'),
  e(1160, 'TcpSendTransmitted', 'Tcb Injected NumBytes SndNxt', 'TCP: connection %1 send transmitted %3 bytes at %4.'),
  e(1161, 'TcpSendAdvance', 'Tcb Injected NumBytes SndNxt SendAvailable', 'TCP: connection %1 send advance %3 bytes at %4.'),
  e(1169, 'UdpEndpointSendMessages', 'Endpoint NumMessages NumBytes LocalSockAddrLength LocalSockAddr RemoteSockAddrLength RemoteSockAddr Pid ProcessStartKey', 'UDP: endpoint %1 (LocalAddress = %5, RemoteAddress = %7) sending %2 messages and a total of %3 bytes. PID = %8.'),
  e(1170, 'UdpEndpointReceiveMessages', 'Endpoint NumMessages NumBytes LocalSockAddrLength LocalSockAddr RemoteSockAddrLength RemoteSockAddr Pid ProcessStartKey', 'UDP: endpoint %1 (LocalAddress = %5, RemoteAddress = %7) delivering %3 bytes. PID = %8.'),
  e(1176, 'TcpDeliveryFin', 'Tcb Delivery Request NumBytes RequestFlags Length RequestStatus IsUrgentDelivery FullySatisfiedORDelayedPush RcvNxt', 'TCP: connection %1 delivery %2 delivering FIN. RcvNxt = %10.'),
  e(1182, 'TcpInitiateSynRstValidation', 'Tcb LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress NewState RexmitCount', 'TCP: connection %1 (local=%3 remote=%5): initiating SYN/RST validation.'),
  e(1183, 'TcpConnectTcbFailedRcvdRst', 'Tcb LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress NewState RexmitCount', 'TCP: connection %1 (local=%3 remote=%5) connect failed: received RST.'),
  e(1184, 'TcpConnectionTerminatedRcvdRst', 'Tcb LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress NewState RexmitCount', 'TCP: connection %1 (local=%3 remote=%5) connection terminated: received RST.'),
  e(1185, 'TcpConnectionTerminatedRcvdSyn', 'Tcb LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress NewState RexmitCount', 'TCP: connection %1 (local=%3 remote=%5) connection terminated: received SYN in state %6.'),
  e(1186, 'TcpConnectRestransmit', 'Tcb LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress NewState RexmitCount', 'TCP: connection %1 (local=%3 remote=%5) retransmitting connect attempt, RexmitCount = %7.'),
  e(1187, 'TcpDataTransferRestransmit', 'Tcb LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress NewState RexmitCount', 'TCP: connection %1 (local=%3 remote=%5) retransmitting data, RexmitCount = %7.'),
  e(1188, 'TcpConnectionKeepAlive', 'Tcb SndUna SndMax', 'TCP: connection %1 send keep-alive at SndUna = %2.'),
  e(1200, 'TcpDisconnectTcbZeroWindowTimeout', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey', 'TCP: connection %8 (local=%2 remote=%4) terminating: Zero window probe timeout expired.'),
  e(1201, 'TcpDisconnectTcbFinWait2Timeout', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey', 'TCP: connection %8 (local=%2 remote=%4) terminating: FIN-WAIT-2 timeout expired.'),
  e(1214, 'TcpipTransportPacketDrops', 'IPTransportProtocol AddressFamily LocalSockAddrLength LocalSockAddr RemoteSockAddrLength RemoteSockAddr Reason PacketCount', 'TCPIP: Transport (Protocol %1, AddressFamily = %2) dropped %8 packet(s) with Local = %4, Remote = %6. Reason = %7.'),
  e(1215, 'TcpipNetworkPacketDrops', 'IPTransportProtocol AddressFamily SourceIPv4Address DestIPv4Address IPv6SourceIpAddrLength IPv6SourceAddress IPv6DestIpAddrLength IPv6DestAddress Reason PacketCount IPProtocol SourceAddressLength SourceAddress DestAddressLength DestAddress IfIndex PathDirection Nbl', 'TCPIP: Network layer (Protocol %1, AddressFamily = %2) dropped %10 packet(s). SourceAddress = %3 %11 %6. DestAddress = %4 %11 %8. Reason = %9.'),
  e(1300, 'TcpConnectionRundown', 'Tcb LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress State Pid ProcessStartKey SendTrackerEnabled RcvBufSet', 'TCP: connection %1 (local=%3 remote=%5) exists. State = %6. PID = %7.'),
  e(1332, 'TcpDataTransferSend', 'Tcb Cwnd SndWnd BytesSent SeqNo SRtt RttVar RTO RcvWnd PacingRate TcpState CongestionState SndUna SndMax RecoveryMax RcvBufSet MaxRcvBuf LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress', 'TCP: connection %1: TCP send event, SeqNo = %5, BytesSent = %4, CWnd = %2, SndWnd = %3, SRtt = %6, RttVar = %7, RTO = %8'),
  e(1351, 'TcpDataTransferRetransmitRound', 'Tcb SndUna RexmitCount SRTT RTO SndMax RecoveryMax TcpState CongestionState Frto TotalRT MaxRT', 'TCP: connection %1: Send Retransmit round with SndUna = %2, Round = %3, SRTT = %4, RTO = %5.'),
  e(1352, 'TcpConnectionSummary', 'Tcb DataBytesOut DataBytesIn DataSegmentsOut DataSegmentsIn SegmentsOut SegmentsIn NonRecovDa NonRecovDaEpisodes DupAcksIn BytesRetrans Timeouts SpuriousRtoDetections FastRetran MaxSsthresh MaxSsCwnd MaxCaCwnd SndLimTransRwin SndLimTimeRwin SndLimBytesRwin SndLimTransCwnd SndLimTimeCwnd SndLimBytesCwnd SndLimTransSnd SndLimTimeRSnd SndLimBytesRSnd', 'TCP: Connection %1 Summary: DataBytesOut %2 DataBytesIn %3 DataSegmentsOut %4 DataSegmentsIn %5 SegmentsOut %6 SegmentsIn %7 NonRecovDa  %8 NonRecovDaEpisodes %9 DupAcksIn %10 BytesRetrans %11 Timeouts %12 SpuriousRtoDetections %13 FastRetran %14 MaxSsthresh %15 MaxSsCwnd %16  MaxCaCwnd %17 SndLimTransRwin %18 SndLimTimeRwin %19 SndLimBytesRwin %20 SndLimTransCwnd %21 SndLimTimeCwnd %22 SndLimBytesCwnd %23  SndLimTransSnd %24 SndLimTimeSnd %25 SndLimBytesSnd %26.'),
  e(1385, 'TcpTailLossProbe', 'Tcb SndUna SndMax SendAvailable TailProbeSeq TailProbeLast ControlsToSend ThFlags', 'TCP: Tail Loss Probe Send Connection = %1 SndUna = %2, SndMax = %3, SendAvailable = %4, TailProbeSeq = %5, TailProbeLast = %6, ControlsToSend = %7, ThFlags = %8.'),
  e(1386, 'TcpTailLossProbe', 'Tcb TlpEvent', 'TCP: Tail Loss Probe Event Connection = %1, Event = %2.'),
  e(1426, 'TcpSendComplete', 'Tcb Injected NumBytes SndNxt ActivityID', 'TCP: connection %1 send complete %3 bytes at %4 (%2).'),
  e(1468, 'TcpSystemAbortTcb', 'LocalAddressLength LocalAddress RemoteAddressLength RemoteAddress Status ProcessId Compartment Tcb ProcessStartKey Reason', 'TCP: connection %8 (local=%2 remote=%4) system abort. PID = %6.'),
  e(1479, 'TcpRstSend', 'Tcb IPTransportProtocol AddressFamily LocalSockAddrLength LocalSockAddr RemoteSockAddrLength RemoteSockAddr Reason', 'TCP: Connection %1 Transport (Protocol %2, AddressFamily = %3) sent RST with Local = %5, Remote = %7. Reason = %8.'),
  e(1480, 'TcpRecentConnectionFailure', 'Status LocalSockAddrLength LocalSockAddr RemoteSockAddrLength RemoteSockAddr TcpState ProcessId Hour Minute Second Reason ProcessStartKey', 'TCP connection failed with Status = %1, Local = %3, Remote = %5, ProcessId = %6, TcpState = %7 at %8:%9:%10 Reason = %11.'),
];
