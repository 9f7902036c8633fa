import path from 'node:path';
import * as ros from '@alicloud/ros-cdk-core';
import { ChatStack, type ChatStackProps } from './chat-stack.js';

export const STACK_NAME = 'ChatStack';

/** A ROS template as synthesized (the subset of keys this project reads). */
export interface RosTemplate {
  ROSTemplateFormatVersion: string;
  Parameters?: Record<string, Record<string, unknown>>;
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] | string }>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
}

/** Builds the app, synthesizes it into `outdir` and returns the chat stack's template. */
export function synthesize(outdir: string, props: ChatStackProps = {}): { template: RosTemplate; templateFile: string; stack: ChatStack } {
  const app = new ros.App({ outdir, autoSynth: false });
  const stack = new ChatStack(app, STACK_NAME, {
    description: 'fc-chat: VPC, WebSocket gateway pool behind ALB, PostgreSQL, Redis, RabbitMQ',
    ...props,
  });
  const assembly = app.synth();
  const artifact = assembly.getStackArtifact(stack.artifactId);
  return { template: artifact.template as RosTemplate, templateFile: path.join(assembly.directory, artifact.templateFile), stack };
}
