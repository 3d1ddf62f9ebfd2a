/**
 * Browser media for calls, shared by the customer's call page and the agent's softphone: the microphone
 * (with the reason when it cannot be had), a peer connection whose offer carries every ICE candidate
 * (the relay does not take trickled candidates), DTMF and the remote audio.
 */

/** Why the microphone could not be used; each has its own sentence for the user. */
export type MicProblem = 'denied' | 'not_found' | 'in_use' | 'insecure' | 'unsupported';

export class MicrophoneError extends Error {
  constructor(readonly problem: MicProblem, cause?: unknown) {
    super(`microphone: ${problem}`, { cause });
    this.name = 'MicrophoneError';
  }
}

/** Asks for the microphone; a refusal or a missing device becomes a MicrophoneError with its reason. */
export async function openMicrophone(): Promise<MediaStream> {
  if (!window.isSecureContext) throw new MicrophoneError('insecure');
  if (!navigator.mediaDevices?.getUserMedia || typeof RTCPeerConnection === 'undefined') throw new MicrophoneError('unsupported');
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true }, video: false });
  } catch (e) {
    const name = e instanceof DOMException ? e.name : '';
    if (name === 'NotAllowedError' || name === 'SecurityError') throw new MicrophoneError('denied', e);
    if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new MicrophoneError('not_found', e);
    if (name === 'NotReadableError' || name === 'AbortError') throw new MicrophoneError('in_use', e);
    throw new MicrophoneError('unsupported', e);
  }
}

/** The microphone permission as far as the browser tells it without asking ('prompt' when unknown). */
export async function microphonePermission(): Promise<PermissionState> {
  try {
    const status = await navigator.permissions.query({ name: 'microphone' as PermissionName });
    return status.state;
  } catch {
    return 'prompt';
  }
}

/** Resolves once ICE gathering is complete (or after `ms`, with what was gathered so far). */
function gatheringComplete(pc: RTCPeerConnection, ms: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => pc.iceGatheringState === 'complete' && done();
    const timer = setTimeout(done, ms);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

export interface MediaLeg {
  pc: RTCPeerConnection;
  local: MediaStream;
  remote: MediaStream;
  /** A hidden `<audio>` in the document playing the other side (`data-voice-audio` names the call). */
  audio: HTMLAudioElement;
  dtmf: RTCDTMFSender | null;
}

/**
 * Opens the microphone, builds the peer connection and returns it with a complete offer (all candidates
 * in the SDP). `name` labels the audio element so screens and tests can find it.
 */
export async function prepareLeg(name: string, iceServers: RTCIceServer[] = []): Promise<{ leg: MediaLeg; offer: string }> {
  const local = await openMicrophone();
  const pc = new RTCPeerConnection({ iceServers, bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  const remote = new MediaStream();
  const audio = document.createElement('audio');
  audio.autoplay = true;
  audio.hidden = true;
  audio.dataset.voiceAudio = name;
  audio.srcObject = remote;
  document.body.append(audio);
  pc.addEventListener('track', (e) => {
    if (!remote.getTracks().includes(e.track)) remote.addTrack(e.track);
    // A fresh srcObject makes every browser notice the new track.
    audio.srcObject = new MediaStream(remote.getTracks());
    void audio.play().catch(() => undefined);
  });
  const sender = pc.addTrack(local.getAudioTracks()[0]!, local);
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  await gatheringComplete(pc, 3_000);
  const leg: MediaLeg = { pc, local, remote, audio, dtmf: sender.dtmf ?? null };
  return { leg, offer: pc.localDescription?.sdp ?? offer.sdp ?? '' };
}

/** Applies the relay's answer. */
export async function completeLeg(leg: MediaLeg, answerSdp: string) {
  await leg.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
}

/** Plays DTMF in the media (RFC 4733 through RTCDTMFSender); false when this leg cannot. */
export function sendTones(leg: MediaLeg | null, digits: string): boolean {
  const sender = leg?.dtmf;
  if (!sender || !sender.canInsertDTMF) return false;
  sender.insertDTMF(sender.toneBuffer + digits, 120, 70);
  return true;
}

/** Silences or restores the microphone locally (the other side gets silence, the connection stays). */
export function setMicrophone(leg: MediaLeg | null, on: boolean) {
  for (const track of leg?.local.getAudioTracks() ?? []) track.enabled = on;
}

/** Stops the microphone, closes the connection and removes the audio element. */
export function closeLeg(leg: MediaLeg | null) {
  if (!leg) return;
  for (const track of leg.local.getTracks()) track.stop();
  try {
    leg.pc.close();
  } catch {
    // already closed
  }
  leg.audio.srcObject = null;
  leg.audio.remove();
}

export const dtmfKeys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
