import type { FuzzContext } from '../fuzzServer.ts';
import { parserTarget, type FuzzTarget, type ParserTarget } from '../harness.ts';
import { deviceLinkParserTarget } from './deviceLinkParserTarget.ts';
import { payloadParserTarget } from './payloadParserTarget.ts';
import { restTarget } from './restTarget.ts';
import { socketIoCommandTarget } from './socketIoCommandTarget.ts';
import { socketIoPacketTarget } from './socketIoPacketTarget.ts';
import { upgradeTarget } from './upgradeTarget.ts';
import { yjsFrameTarget } from './yjsFrameTarget.ts';

/** Pure parsers fuzzed in this process. Add an import format here: `(input) => value`, throwing only named refusals. */
export const PARSERS: ParserTarget[] = [payloadParserTarget, deviceLinkParserTarget];

/** Every target, in the order inputs cycle through them. */
export function fuzzTargets(): Array<FuzzTarget<FuzzContext>> {
  return [upgradeTarget, yjsFrameTarget, socketIoPacketTarget, socketIoCommandTarget, restTarget, ...PARSERS.map((p) => parserTarget<FuzzContext>(p))];
}
