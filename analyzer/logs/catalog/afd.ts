/**
 * Microsoft-Windows-Winsock-AFD (afd.sys): the events of the provider's manifest with their
 * payload fields in order and afd.sys's message-table text, as the research notes list them
 * (shared/notes/etw-formats.md §1.1: field lists from the TDH manifest dumps, templates from
 * the afd.sys message table). Three families:
 * - 1–41, the Vista-era events the current manifests still declare (whether today's afd.sys
 *   emits them is unverified); their names are the TDH dumps' `task_0NN` artifacts. Twins that
 *   differ only in an IPv4 (UInt32) vs IPv6 (Binary) Address share one text.
 * - 1000–1037 (the program's requests) and 3000–3007 (indications from the transport), and 4019.
 * - 4000–4020, registered I/O and name-resolution events: kept so that a record can be named and
 *   shown, not because any FD_* reasoning uses them.
 */
import type { EventSpec } from './eventSpec';

export const AFD_PROVIDER = 'Microsoft-Windows-Winsock-AFD';
export const AFD_GUID = '{E53C6823-7BB8-44BB-90DC-3F86090D48A6}';

function e(id: number, name: string, fields: string, template: string | null): EventSpec {
  return { provider: AFD_PROVIDER, id, name, fields: fields === '' ? [] : fields.split(' '), template };
}

export const AFD_EVENTS: readonly EventSpec[] = [
  e(1, 'task_0', 'Process Endpoint AddressFamily SocketType Protocol UserModePid', 'Socket creation: %1 %2 %3 %4 %5'),
  e(2, 'task_02', 'Process Endpoint Address Port Status', 'Socket bind: %1 %2 %3 %4 %5'),
  e(3, 'task_03', 'Process Endpoint Address Port Status', 'Socket bind: %1 %2 %3 %4 %5'),
  e(4, 'task_04', 'Process Endpoint Address Port', 'Socket connect: %1 %2 %3 %4'),
  e(5, 'task_05', 'Process Endpoint Address Port', 'Socket connect: %1 %2 %3 %4'),
  e(6, 'task_06', 'Process Endpoint Error', 'Connect completed: %1 %2 %3'),
  e(7, 'task_07', 'Process Endpoint Reason', 'AFD initiated abort: %1 %2 %3'),
  e(8, 'task_08', 'Process Endpoint Reason', 'Transport initiated abort: %1 %2 %3'),
  e(9, 'task_09', 'Process Endpoint Error', 'Failed send request: %1 %2 %3'),
  e(10, 'task_010', 'Process Endpoint Error', 'Failed WSASendMsg request: %1 %2 %3'),
  e(11, 'task_011', 'Process Endpoint Error', 'Failed recv request: %1 %2 %3'),
  e(12, 'task_012', 'Process Endpoint Error', 'Failed recvfrom request: %1 %2 %3'),
  e(13, 'task_013', 'Process Endpoint Error', 'Socket close: %1 %2 %3'),
  e(14, 'task_014', 'Process Endpoint Error', 'Socket cleanup (all references removed): %1 %2 %3'),
  e(15, 'task_015', 'Process Endpoint Address Port Status', 'Socket accept: %1 %2 %3 %4 %5'),
  e(16, 'task_016', 'Process Endpoint Address Port Status', 'Socket accept: %1 %2 %3 %4 %5'),
  e(17, 'task_017', 'Process Endpoint Error', 'Accept failed: %1 %2 %3'),
  e(18, 'task_018', 'Process Endpoint FastPath BufferCount Buffer BufferLength', 'Send posted: %1 %2 %3 %4 %5 %6'),
  e(19, 'task_019', 'Process Endpoint FastPath BufferCount Buffer BufferLength', 'Receive posted: %1 %2 %3 %4 %5 %6'),
  e(20, 'task_020', 'Process Endpoint FastPath BufferCount Buffer BufferLength', 'RecvFrom posted: %1 %2 %3 %4 %5 %6'),
  e(21, 'task_021', 'Process Endpoint FastPath BufferCount Buffer BufferLength Address Port', 'SendTo posted: %1 %2 %3 %4 %5 %6 %7 %8'),
  e(22, 'task_022', 'Process Endpoint FastPath BufferCount Buffer BufferLength Address Port', 'SendTo posted: %1 %2 %3 %4 %5 %6 %7 %8'),
  e(23, 'task_023', 'Process Endpoint Buffer BufferLength', 'Recv completed: %1 %2 %3 %4'),
  e(24, 'task_024', 'Process Endpoint Buffer BufferLength', 'Send completed: %1 %2 %3 %4'),
  e(25, 'task_025', 'Process Endpoint Buffer BufferLength', 'SendMsg completed: %1 %2 %3 %4'),
  e(26, 'task_026', 'Process Endpoint BufferCount Buffer BufferLength Address Port', 'RecvFrom completed: %1 %2 %3 %4 %5 %6 %7'),
  e(27, 'task_027', 'Process Endpoint BufferCount Buffer BufferLength Address Port', 'RecvFrom completed: %1 %2 %3 %4 %5 %6 %7'),
  e(28, 'task_028', 'Process Endpoint Buffer BufferLength', 'SendTo completed: %1 %2 %3 %4'),
  e(29, 'task_029', 'Process Endpoint Option Value', 'Socket option set: %1 %2 %3 %4'),
  e(30, 'task_030', 'Process HandleCount Timeout', 'Select/Poll posted: %1 %2 %3'),
  e(31, 'task_031', 'Process Endpoint Error', 'Select/Poll completed: %1 %2 %3'),
  e(32, 'task_032', 'Process Endpoint EventMask', 'WSAEventSelect: %1 %2 %3'),
  e(33, 'task_033', 'Process Endpoint PacketSize Address Port Reason', 'Datagram dropped: %1 %2 %3 %4 %5 %6'),
  e(34, 'task_034', 'Process Endpoint PacketSize Address Port Reason', 'Datagram dropped: %1 %2 %3 %4 %5 %6'),
  e(35, 'task_035', 'Process ListenEndpoint Address Port', 'Connection indicated: %1 %2 %3 %4'),
  e(36, 'task_036', 'Process ListenEndpoint Address Port', 'Connection indicated: %1 %2 %3 %4'),
  e(37, 'task_037', 'Process Endpoint BytesIndicated', 'Data indicated from transport: %1 %2 %3'),
  e(38, 'task_038', 'Process Endpoint Address Port BytesIndicated', 'Data indicated from transport: %1 %2 %3 %4 %5'),
  e(39, 'task_039', 'Process Endpoint Address Port BytesIndicated', 'Data indicated from transport: %1 %2 %3 %4 %5'),
  e(40, 'task_040', 'Process Endpoint Error', 'Failed bind: %1 %2 %3'),
  e(41, 'task_041', 'Process Endpoint', 'Disconnect indicated from transport: %1 %2'),
  e(1000, 'AfdCreateOpen', 'EnterExit Location Process Endpoint AddressFamily SocketType Protocol ProcessId Status', 'socket: %1: Process %3 (%8), Endpoint %4, Family %5, Type %6, Protocol %7, Seq %2, Status %9'),
  e(1001, 'AfdCloseClosed', 'EnterExit Location Process Endpoint Status', 'closesocket: %1: Process %3, Endpoint %4, Seq %2, Status %5'),
  e(1002, 'AfdCleanupFreed', 'EnterExit Location Process Endpoint Status', 'socket cleanup: %1: Process %3, Endpoint %4, Seq %2, Status %5'),
  e(1003, 'AfdSendConnected', 'EnterExit Location Process Endpoint BufferCount Buffer BufferLength Status', 'send: %1: Process %3, Endpoint %4, Buffer Count %5, Buffer %6, Length %7, Seq %2, Status %8'),
  e(1004, 'AfdReceiveConnected', 'EnterExit Location Process Endpoint BufferCount Buffer BufferLength Status', 'recv: %1: Process %3, Endpoint %4, Buffer Count %5, Buffer %6, Length %7, Seq %2, Status %8'),
  e(1005, 'AfdSendToConnected', 'EnterExit Location Process Endpoint BufferCount Buffer BufferLength Status', 'sendto: %1: Process %3, Endpoint %4, Buffer Count %5, Buffer %6, Length %7, Seq %2, Status %8'),
  e(1006, 'AfdReceiveFromConnected', 'EnterExit Location Process Endpoint BufferCount Buffer BufferLength Status', 'recvfrom: %1: Process %3, Endpoint %4, Buffer Count %5, Buffer %6, Length %7, Seq %2, Status %8'),
  e(1007, 'AfdSendToWithAddressConnected', 'EnterExit Location Process Endpoint BufferCount Buffer BufferLength Status AddressLen Address', 'sendto: %1: Process %3, Endpoint %4, Buffer Count %5, Buffer %6, Length %7, Addr %10, Seq %2, Status %8'),
  e(1009, 'AfdReceiveFromWithAddressConnected', 'EnterExit Location Process Endpoint BufferCount Buffer BufferLength Status AddressLen Address', 'recvfrom: %1: Process %3, Endpoint %4, Buffer Count %5, Buffer %6, Length %7, Addr %10, Seq %2, Status %8'),
  e(1011, 'AfdSendMessageConnected', 'EnterExit Location Process Endpoint BufferCount Buffer BufferLength Status', 'sendmsg: %1: Process %3, Endpoint %4, Buffer Count %5, Buffer %6, Length %7, Seq %2, Status %8'),
  e(1012, 'AfdReceiveMessageConnected', 'EnterExit Location Process Endpoint BufferCount Buffer BufferLength Status', 'recvmsg: %1: Process %3, Endpoint %4, Buffer Count %5, Buffer %6, Length %7, Seq %2, Status %8'),
  e(1013, 'AfdSendMessageWithAddressConnected', 'EnterExit Location Process Endpoint BufferCount Buffer BufferLength Status AddressLen Address', 'sendmsg: %1: Process %3, Endpoint %4, Buffer Count %5, Buffer %6, Length %7, Addr %10, Seq %2, Status %8'),
  e(1015, 'AfdReceiveMessageWithAddressConnected', 'EnterExit Location Process Endpoint BufferCount Buffer BufferLength Status AddressLen Address', 'recvmsg: %1: Process %3, Endpoint %4, Buffer Count %5, Buffer %6, Length %7, Addr %10, Seq %2, Status %8'),
  e(1017, 'AfdConnectConnected', 'EnterExit Location Process Endpoint Status', 'connect: %1: Process %3, Endpoint %4, Seq %2, Status %5'),
  e(1018, 'AfdConnectWithAddressConnected', 'EnterExit Location Process Endpoint Buffer BufferLength Status AddressLen Address', 'connect: %1: Process %3, Endpoint %4, Address %9, Seq %2, Status %7'),
  e(1020, 'AfdConnectExConnected', 'EnterExit Location Process Endpoint Status', 'ConnectEx: %1: Process %3, Endpoint %4, Seq %2, Status %5'),
  e(1021, 'AfdConnectExWithAddressConnected', 'EnterExit Location Process Endpoint Buffer BufferLength Status AddressLen Address', 'ConnectEx: %1: Process %3, Endpoint %4, Buffer %5, Length %6, Address %9, Seq %2, Status %7'),
  e(1023, 'AfdAcceptConnected', 'EnterExit Location Process Endpoint Status', 'accept: %1: Process %3, Endpoint %4, Seq %2, Status %5'),
  e(1024, 'AfdAcceptWithAddressConnected', 'EnterExit Location Process Endpoint Buffer BufferLength Status AddressLen Address AcceptEndpoint CurrentBacklog', 'accept: %1: Process %3, Endpoint %4, Address %9, Accept Endpoint %10, Current Backlog %11, Seq %2, Status %7'),
  e(1026, 'AfdAcceptExConnected', 'EnterExit Location Process Endpoint Status', 'AcceptEx: %1: Process %3, Endpoint %4, Seq %2, Status %5'),
  e(1027, 'AfdAcceptExWithAddressConnected', 'EnterExit Location Process Endpoint Buffer BufferLength Status AddressLen Address AcceptEndpoint CurrentBacklog', 'AcceptEx: %1: Process %3, Endpoint %4, Buffer %5, Length %6, Address %9, Accept Endpoint %10, Current Backlog %11, Seq %2, Status %7'),
  e(1029, 'AfdBindConnected', 'EnterExit Location Process Endpoint Status', 'bind: %1: Process %3, Endpoint %4, Seq %2, Status %5'),
  e(1030, 'AfdBindWithAddressConnected', 'EnterExit Location Process Endpoint Status AddressLen Address', 'bind: %1: Process %3, Endpoint %4, Address %7, Seq %2, Status %5'),
  e(1032, 'AfdAbortAborted', 'EnterExit Location Process Endpoint Reason', 'connection aborted: %1: Process %3, Endpoint %4, Seq %2, Reason %5'),
  e(1033, 'AfdDatagramDropWithAddressConnected', 'EnterExit Location Process Endpoint Buffer BufferLength AddressLen Address Reason', 'datagram dropped: %1: Process %3, Endpoint %4, Buffer %5, Length %6, Address %8, Seq %2, Reason %9'),
  e(1035, 'AfdOption', 'EnterExit Location Process Endpoint Option Value Status', 'Socket option: %1: Process %3, Endpoint %4, Option %5, Value %6, Seq %2, Status %7'),
  e(1036, 'AfdWaitForListen', 'EnterExit Location Process Endpoint Status', 'Wait for listen: %1: Process %3, Endpoint %4, Seq %2, Status %5'),
  e(1037, 'AfdListen', 'EnterExit Location Process Endpoint Backlog Status', 'Listen: %1: Process %3, Endpoint %4, Backlog %5, Seq %2, Status %6'),
  e(3000, 'AfdConnectIndication', 'EnterExit Location Process Endpoint Status', 'Connect indication: %1: Process %3, Endpoint %4, Seq %2, Status %5'),
  e(3001, 'AfdConnectIndicationWithAddress', 'EnterExit Location Process Endpoint Status AddressLen Address CurrentBacklog', 'Connect indication: %1: Process %3, Endpoint %4, Address %7, Backlog Count %8, Seq %2, Status %5'),
  e(3003, 'AfdDataIndication', 'EnterExit Location Process Endpoint Buffer BufferLength', 'Data indication: %1: Process %3, Endpoint %4, Buffer %5, Length %6, Seq %2'),
  e(3004, 'AfdDataIndicationWithAddress', 'EnterExit Location Process Endpoint Buffer BufferLength AddressLen Address', 'Data indication: %1: Process %3, Endpoint %4, Buffer %5, Length %6, Address %8, Seq %2'),
  e(3006, 'AfdDisconnectDisconnected', 'EnterExit Location Process Endpoint Status', 'disconnect indicated: %1: Process %3, Endpoint %4, Seq %2'),
  e(3007, 'AfdSendBackLog', 'EnterExit Location Process Endpoint SendBacklog', 'Transport send backlog: Process %1, Endpoint %2, Send Backlog %5'),
  e(4019, 'AfdAcceptPause', 'EnterExit Location Process Endpoint PauseUnPause TLBacklogCount', 'accept %1 [1 = Pause, 0 = Unpause] %5 Seq %2 Endpoint %3 Process %4 TlBacklogCount %6.'),
  e(4000, 'AfdRioCreateRegistrationDomainOpen', 'RegistrationDomain Status', 'Registration domain %1 create status %2'),
  e(4001, 'AfdRioCleanupRegistrationDomainClosed', 'RegistrationDomain', 'Registration domain %1 closed'),
  e(4002, 'AfdRioCreateCqOpen', 'Cq RegistrationDomain EntryCount UserAddress SystemAddress BufferSize CqIndex NotificationType NotificationHandle NotificationObject NotificationContext1 NotificationContext2 Status', 'CQ %1 created with %3 entries, index %7 and notification type %8, status %13'),
  e(4003, 'AfdRioDestroyCqClosed', 'Cq Commit', 'CQ %1 closed with %2 commit'),
  e(4004, 'AfdRioCleanupCqFreed', 'Cq', 'CQ %1 cleaned up'),
  e(4005, 'AfdRioResizeCqModified', 'Cq OriginalEntryCount OriginalStart OriginalEnd Commit RequestedEntryCount UserAddress SystemAddress BufferSize Status', 'CQ %1 with %5 commit resized from %2 to %6, status %10'),
  e(4006, 'AfdRioCreateRqPairOpen', 'Endpoint RioState RegistrationDomain SendEntryCount SendUserAddress SendSystemAddress SendBufferSize ReceiveEntryCount ReceiveUserAddress ReceiveSystemAddress ReceiveBufferSize SendCqIndex ReceiveCqIndex Status', 'RQ %2 created on endpoint %1 with %8 receive and %4 send entries, using receive CQ %13 and send CQ %12, status %14'),
  e(4007, 'AfdRioCloseRioStateClosed', 'RioState ReceiveQueueStart ReceiveQueueEnd SendQueueStart SendQueueEnd', 'RQ %1 closed, receive = (%2,%3) send = (%4,%5)'),
  e(4008, 'AfdRioCleanupRioStateFreed', 'RioState', 'RQ %1 cleaned up'),
  e(4009, 'AfdRioResizeRqPairModified', 'RioState OriginalSendEntryCount OriginalSendQueueStart OriginalSendQueueEnd RequestedSendEntryCount SendUserAddress SendSystemAddress SendBufferSize OriginalReceiveEntryCount OriginalReceiveQueueStart OriginalReceiveQueueEnd RequestedReceiveEntryCount ReceiveUserAddress ReceiveSystemAddress ReceiveBufferSize Status', 'RQ %1 resized from (%9,%2) to (%12,%5), status = %16'),
  e(4010, 'AfdRioRegisterBufferOpen', 'Buffer RegistrationDomain UserAddress SystemAddress BufferSize BufferId Status', 'Buffer %1 registered with address %3 and length %5, system address = %4, ID = %6, status = %7'),
  e(4011, 'AfdRioDeregisterBufferClosed', 'Buffer References', 'Buffer %1 deregistered with %2 references'),
  e(4012, 'AfdRioCleanupBufferFreed', 'Buffer', 'Buffer %1 cleaned up'),
  e(4013, 'AfdRioValidateBufferId', 'RegistrationDomain RioState BufferId', 'RQ %2 using invalid buffer ID %3'),
  e(4014, 'AfdRioRangeCheck', 'RegistrationDomain RioState Buffer BufferOffset BufferLength', 'RQ %2 invalid use of buffer %3, offset = %4, length = %5'),
  e(4015, 'AfdRioSendReceive', 'RioState BufferType SpecifiedLength RequiredLength', 'RQ %1 using invalid buffer size for %2, specified = %3, required = %4'),
  e(4016, 'AfdNrtCreateOpen', 'NameResolutionHandle Process Status', 'NRT Create: Handle = %1 Process = %2 Status = %3'),
  e(4017, 'AfdNrtCloseClosed', 'NameResolutionHandle Process', 'NRT Close: Handle = %1 Process = %2'),
  e(4018, 'AfdRioNotifyCq', 'EnterExit Location Process RegDomain Cq Status', 'CQ %5 notify %1 Seq %2 Status %6'),
  e(4020, 'AfdRioValidateBufferSharing', 'RegistrationDomain RioState BufferId BufferSharingType', null),
];
