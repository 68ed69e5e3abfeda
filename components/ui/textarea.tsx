import type { TextareaHTMLAttributes } from 'react';
import { fieldClass } from '@/components/ui/input';
import { cn } from '@/lib/utils';

export const Textarea = ({ className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) => (
  <textarea className={cn(fieldClass, 'min-h-24 w-full py-2', className)} {...props} />
);
